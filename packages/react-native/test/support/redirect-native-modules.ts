/**
 * Import first in React Native adapter tests: makes Node's own `require`
 * (used by the CommonJS build of @testing-library/react-native) resolve
 * `react-native` to the stub, as the Vite alias does for ESM imports. The
 * real module is Flow source that Node cannot load.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { afterEach, expect } from 'vitest';

const stub = fileURLToPath(new URL('./react-native-stub.cjs', import.meta.url));
const Module = createRequire(import.meta.url)('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request: string, ...rest: unknown[]): string {
  return request === 'react-native' ? stub : original.call(this, request, ...rest);
};

// The testing library registers its matchers on, and cleans up through, the Jest-style globals.
Object.assign(globalThis, { expect, afterEach });
