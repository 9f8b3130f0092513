/**
 * Builds every package's ESM module (dist/index.js) and, for @edgeplay/web,
 * a minified IIFE bundle (dist/edgeplay.iife.js, global `Edgeplay`) so a plain
 * <script> tag works. Types are emitted by scripts/build.mjs (tsc).
 */
import esbuild, { minify } from 'rollup-plugin-esbuild';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkgSrc = (name) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

/** Lets each bundle resolve sibling packages from source (no stale dist). */
const workspaceAlias = {
  name: 'edgeplay-workspace',
  resolveId(id) {
    const m = /^@edgeplay\/([a-z-]+)$/.exec(id);
    if (m) return pkgSrc(m[1]);
    // Deep source imports (the worker's `@edgeplay/core/transmux/index.js`) resolve to the .ts source too.
    const deep = /^@edgeplay\/([a-z-]+)\/(.+)\.js$/.exec(id);
    return deep ? fileURLToPath(new URL(`./packages/${deep[1]}/src/${deep[2]}.ts`, import.meta.url)) : null;
  },
};

const ts = () => esbuild({ target: 'es2020', tsconfig: 'tsconfig.json' });
const packages = ['core', 'sim', 'web', 'tv', 'react-native', 'server'].filter((p) => existsSync(pkgSrc(p)));

/** Extra public entry points (package.json `exports` subpaths) besides `index`. */
const subpaths = { core: { internal: 'packages/core/src/internal.ts' } };

const esm = packages.map((p) => ({
  input: { index: pkgSrc(p), ...(subpaths[p] ?? {}) },
  // Entries share code through chunks, so `@edgeplay/core/internal` holds the same modules as `@edgeplay/core`.
  output: { dir: `packages/${p}/dist`, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'esm', sourcemap: true },
  // Each package's ESM build keeps its dependencies external; apps bundle once.
  external: (id) => !id.startsWith('.') && !id.startsWith('/') && !/^[A-Za-z]:/.test(id),
  plugins: [ts()],
}));

const browserBundles = packages.includes('web')
  ? [
      {
        input: pkgSrc('web'),
        output: [
          // Single-file bundles inline the lazily imported transmuxer chunk (ESM consumers of dist/index.js keep it a separate chunk).
          { file: 'packages/web/dist/edgeplay.iife.js', format: 'iife', name: 'Edgeplay', sourcemap: true, inlineDynamicImports: true, plugins: [minify()] },
          { file: 'packages/web/dist/edgeplay.bundle.mjs', format: 'esm', sourcemap: true, inlineDynamicImports: true, plugins: [minify()] },
        ],
        // commonjs(): eme-encryption-scheme-polyfill ships CommonJS only.
        plugins: [workspaceAlias, nodeResolve({ browser: true }), commonjs(), ts()],
      },
    ]
  : [];

// The transmux Web Worker script, one self-contained classic-worker file next to the web builds
// (createPlayer starts it with new URL('./edgeplay-transmux-worker.js', import.meta.url)).
const workerBundle = packages.includes('web')
  ? [
      {
        input: fileURLToPath(new URL('./packages/web/src/transmux-worker-entry.ts', import.meta.url)),
        output: { file: 'packages/web/dist/edgeplay-transmux-worker.js', format: 'iife', sourcemap: true, inlineDynamicImports: true, plugins: [minify()] },
        plugins: [workspaceAlias, nodeResolve({ browser: true }), commonjs(), ts()],
      },
    ]
  : [];

// The TV build for pages (the demo's TV mode): @edgeplay/tv with web and core inside.
const tvBundle = packages.includes('tv')
  ? [
      {
        input: pkgSrc('tv'),
        output: { file: 'packages/tv/dist/edgeplay-tv.bundle.mjs', format: 'esm', sourcemap: true, inlineDynamicImports: true, plugins: [minify()] },
        plugins: [workspaceAlias, nodeResolve({ browser: true }), commonjs(), ts()],
      },
    ]
  : [];

export default [...esm, ...browserBundles, ...workerBundle, ...tvBundle];
