/**
 * Telemetry intake at the rate limit: 20 sessions (10 accounts) each post
 * 500-event batches from 4 parallel loops for 4 s; the server accepts up to its
 * per-session/per-account rates and answers the rest 429. /health latency is
 * sampled before and during the flood: with the batched asynchronous writer
 * it should stay near idle (the synchronous NDJSON append raised p50 from 0.4
 * to 10 ms, issue 15 #6).
 */
import { p50, post, timed } from './support.js';
import { CREDENTIAL } from './licence-admission.js';

async function healthLatencies(base: string, n: number): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) await timed(async () => (await fetch(`${base}/health`)).arrayBuffer(), ms);
  return ms;
}

export async function telemetryFlood(base: string): Promise<boolean> {
  const sessions = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const r = await post(base, '/session', { account: `acct-${i % 10}`, credential: CREDENTIAL, device: `qoe-${i}`, title: 'vod' });
      return ((await r.json()) as { token: string }).token;
    }),
  );
  const idle = await healthLatencies(base, 200);
  const batch = { events: Array.from({ length: 500 }, (_, i) => ({ type: 'heartbeat', t: i, bitrate: 1_000_000 })) };
  const seconds = 4;
  const until = performance.now() + seconds * 1000;
  let accepted = 0;
  let limited = 0;
  let other = 0;
  // Four requests in flight per session: more than its 5/s, so the limiter must answer.
  const flood = sessions.flatMap((token) => [0, 1, 2, 3].map(async () => {
    while (performance.now() < until) {
      const r = await post(base, '/telemetry', batch, token);
      if (r.status === 202) accepted += ((await r.json()) as { accepted: number }).accepted;
      else {
        await r.arrayBuffer();
        if (r.status === 429) limited++;
        else other++;
      }
    }
  }));
  const during = healthLatencies(base, 200);
  await Promise.all(flood);
  const busy = await during;
  console.log(`[telemetry] 20 sessions × 4 parallel posters of 500-event batches for ${seconds} s: accepted ${accepted} events (${(accepted / seconds).toFixed(0)}/s), ${limited} batches answered 429, ${other} other errors`);
  console.log(`[telemetry]   GET /health p50: idle ${p50(idle).toFixed(2)} ms, during the flood ${p50(busy).toFixed(2)} ms`);
  // 20 sessions × (20 burst + 5/s × seconds) batches × 500 events is the most the session limits allow.
  return other === 0 && limited > 0 && accepted <= 20 * (20 + 5 * seconds) * 500;
}
