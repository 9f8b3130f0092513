import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.fixtures/**', 'coverage/**', '.bench-out/**', 'docs/api/**', 'api/temp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', performance: 'readonly',
        TextDecoder: 'readonly', TextEncoder: 'readonly', Buffer: 'readonly', fetch: 'readonly',
        AbortController: 'readonly', window: 'readonly', document: 'readonly', navigator: 'readonly',
        globalThis: 'readonly', queueMicrotask: 'readonly', structuredClone: 'readonly', atob: 'readonly', btoa: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // Plain browser scripts (demo page, benchmark page harnesses).
    files: ['demo/**/*.js', 'bench/**/page-*.js'],
    languageOptions: {
      globals: {
        Option: 'readonly', FormData: 'readonly', location: 'readonly', URLSearchParams: 'readonly', HTMLElement: 'readonly', MediaSource: 'readonly',
        HTMLInputElement: 'readonly', HTMLSelectElement: 'readonly', HTMLButtonElement: 'readonly', Event: 'readonly', KeyboardEvent: 'readonly',
        sessionStorage: 'readonly', requestAnimationFrame: 'readonly', history: 'readonly',
      },
    },
  },
);
