/**
 * The evidence behind "is the network itself down?": which pathways have
 * failed without answering since any transfer last succeeded. A pathway
 * that refused, hung, timed out or stalled after the network was last seen
 * working is *silent*; when every candidate pathway is silent, the client's
 * own link is the likelier culprit than all the caches at once.
 *
 * A success on any pathway clears the ledger: the network worked then, so
 * earlier silence was that cache's own.
 */
import type { BaseUrl } from '../manifest/model.js';
import type { PathwayFailureReason } from './pathway-selector.js';
import { pathwayKey } from './default-pathway-selector.js';

/** Failures with no answer from the other end (no HTTP status, no body to judge). */
export const SILENT_FAILURES: ReadonlySet<PathwayFailureReason> = new Set(['stalled', 'slow-ttfb', 'timeout', 'connection']);

/** Silent pathways since the last success anywhere (by pathway key). */
export class SilenceLedger {
  private readonly silent = new Set<string>();

  /** A transfer succeeded: the network works. */
  noteSuccess(): void {
    this.silent.clear();
  }

  noteFailure(pathway: BaseUrl, reason: PathwayFailureReason): void {
    if (SILENT_FAILURES.has(reason)) this.silent.add(pathwayKey(pathway));
  }

  /** Whether every candidate other than `pathway` has been silent since the last success (false without another candidate). */
  othersSilent(candidates: readonly BaseUrl[], pathway: BaseUrl): boolean {
    const key = pathwayKey(pathway);
    const others = candidates.filter((b) => pathwayKey(b) !== key);
    return others.length > 0 && others.every((b) => this.silent.has(pathwayKey(b)));
  }

  clear(): void {
    this.silent.clear();
  }
}
