#!/usr/bin/env node
// Generates the media fixtures into <repo>/.fixtures (see packages/server/README.md).
// Usage: node packages/server/scripts/fixtures.mjs [--force] [--root <dir>] [--quiet]
// Runs the TypeScript generator through tsx (a root devDependency, present after `npm ci`);
// falls back to the built package (packages/server/dist) when tsx is unavailable.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const force = args.includes('--force');
const quiet = args.includes('--quiet');
const rootIndex = args.indexOf('--root');
const root = rootIndex >= 0 ? resolve(args[rootIndex + 1]) : undefined;

async function loadGenerator() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return await import(pathToFileURL(join(here, '..', 'src', 'fixtures', 'index.ts')).href);
  } catch (error) {
    try {
      return await import(pathToFileURL(join(here, '..', 'dist', 'index.js')).href);
    } catch {
      throw error;
    }
  }
}

try {
  const { ensureFixtures, defaultFixturesRoot } = await loadGenerator();
  const target = root ?? defaultFixturesRoot();
  const log = quiet ? undefined : (line) => console.log(`[fixtures] ${line}`);
  const catalog = await ensureFixtures({ root: target, force, log });
  if (!quiet) console.log(`[fixtures] ${catalog.titles.length} titles in ${target}: ${catalog.titles.map((t) => t.id).join(', ')}`);
} catch (error) {
  console.error(`[fixtures] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
