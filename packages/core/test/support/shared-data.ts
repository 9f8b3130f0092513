/** Paths to the shared test data beside the repository (`../shared`), never copied into the project. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** `<repo>/../shared`, or `EDGEPLAY_SHARED_DIR` (a git worktree sits elsewhere than the main checkout). */
export const SHARED_DIR = process.env.EDGEPLAY_SHARED_DIR ?? path.resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '..', 'shared');
export const MANIFEST_DIR = path.join(SHARED_DIR, 'manifests');

/** Corpus files with the given extension, sorted, as `{ name, text }`. */
export function corpusFiles(ext: '.mpd' | '.m3u8'): { name: string; text: string }[] {
  if (!existsSync(MANIFEST_DIR)) throw new Error(`shared manifest corpus not found at ${MANIFEST_DIR}`);
  return readdirSync(MANIFEST_DIR)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(MANIFEST_DIR, name), 'utf8') }));
}
