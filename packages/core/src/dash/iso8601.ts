/**
 * ISO 8601 durations (`xs:duration`, e.g. `PT1H2M3.5S`) and date-times as used
 * by MPD attributes. Pure functions; they return `null` for malformed input so
 * the caller can raise a ManifestError that names the attribute.
 */

// P[nY][nM][nW][nD][T[nH][nM][n.nS]] — years/months approximated (365/30 days) as MPDs never rely on them.
const DURATION = /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d*)?|\.\d+)S)?)?$/;

/** Parses an `xs:duration` into seconds; `null` when malformed or negative. */
export function parseIsoDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m || m[1] || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const n = (i: number): number => (m[i] ? parseFloat(m[i]!) : 0);
  const seconds = n(2) * 31_536_000 + n(3) * 2_592_000 + n(4) * 604_800 + n(5) * 86_400 + n(6) * 3_600 + n(7) * 60 + n(8);
  return Number.isFinite(seconds) ? seconds : null;
}

/**
 * Parses an `xs:dateTime` into milliseconds since the epoch. A missing time
 * zone is taken as UTC (DASH-IF IOP requires UTC; players treat it so).
 */
export function parseIsoDateTime(text: string): number | null {
  const t = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(t)) return null;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(t) && t.includes('T');
  const ms = Date.parse(hasZone || !t.includes('T') ? t : `${t}Z`);
  return Number.isFinite(ms) ? ms : null;
}
