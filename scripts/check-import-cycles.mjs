#!/usr/bin/env node
/**
 * Fails when the folders of packages/core/src import each other in a cycle
 * (e.g. player → qoe → player). Folder-level, because a folder is the unit a
 * reader (and a bundle with optional modules) depends on: a cycle means two
 * folders can only be understood, tested and shipped together.
 *
 * The graph: every relative `import`/`export … from` (type-only imports
 * included — a type cycle is still a design cycle) of every .ts file under
 * the root, mapped to the first folder below the root. Cycles are the
 * strongly connected components (Tarjan) with more than one folder.
 *
 * Usage: node scripts/check-import-cycles.mjs [root=packages/core/src]
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(repo, process.argv[2] ?? 'packages/core/src');

function* tsFiles(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* tsFiles(p);
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) yield p;
  }
}

/** First folder below the root ('.' for files directly in it). */
function folderOf(file) {
  const parts = relative(root, file).split(sep);
  return parts.length > 1 ? parts[0] : '.';
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]/g;
const edges = new Map(); // folder → Map(folder → example "file -> spec")
for (const file of tsFiles(root)) {
  const from = folderOf(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(IMPORT)) {
    const target = resolve(dirname(file), m[1]);
    if (!target.startsWith(root + sep)) continue;
    const to = folderOf(target);
    if (to === from || from === '.' || to === '.') continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(root, file)} → ${m[1]}`);
  }
}

// Tarjan's strongly connected components.
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
let counter = 0;
function visit(v) {
  index.set(v, counter);
  low.set(v, counter++);
  stack.push(v);
  onStack.add(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!index.has(w)) {
      visit(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
  }
  if (low.get(v) === index.get(v)) {
    const c = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      c.push(w);
    } while (w !== v);
    if (c.length > 1) components.push(c);
  }
}
for (const v of edges.keys()) if (!index.has(v)) visit(v);

if (components.length === 0) {
  console.log(`import cycles: none between the ${new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]).size} folders of ${relative(repo, root)}`);
} else {
  console.error(`import cycles between folders of ${relative(repo, root)}:`);
  for (const c of components) {
    const members = new Set(c);
    console.error(`  {${c.sort().join(', ')}}`);
    for (const from of c) for (const [to, why] of edges.get(from) ?? []) if (members.has(to)) console.error(`    ${from} → ${to}  (${why})`);
  }
  process.exit(1);
}
