import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

const alias = [
  // Subpath imports of core modules kept out of its index so they load lazily (`@edgeplay/core/transmux/index.js`).
  { find: /^@edgeplay\/core\/(.+)\.js$/, replacement: src('core/src/$1.ts') },
  ...Object.entries({
    '@edgeplay/core/internal': src('core/src/internal.ts'),
    '@edgeplay/sim': src('sim/src/index.ts'),
    '@edgeplay/core': src('core/src/index.ts'),
    '@edgeplay/web': src('web/src/index.ts'),
    '@edgeplay/tv': src('tv/src/index.ts'),
    '@edgeplay/server': src('server/src/index.ts'),
    // React Native adapter tests run in Node: the native modules are test doubles (see packages/react-native/test/support).
    'react-native-video': src('react-native/test/support/mock-native-video.ts'),
    'react-native': src('react-native/test/support/react-native-stub.cjs'),
  }).map(([find, replacement]) => ({ find, replacement })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['packages/*/test/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/sim/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts', 'conformance/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // One Chromium at a time: these machines have 2 cores and playback tests are timing-sensitive.
          fileParallelism: false,
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          // ≥ 10 min of wall-clock playback (issue 17): its own project, started by scripts/test.sh beside the main suite.
          name: 'browser-soak',
          environment: 'node',
          include: ['test/browser-soak/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
