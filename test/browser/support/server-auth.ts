/**
 * Authenticated access to the reference server for the browser tests and
 * benches: the operator token for /control/*, and playback sessions for test
 * accounts, which are provisioned through the control plane first (the
 * server only issues tokens to accounts whose credential verifies).
 */

/** Headers of an operator request. */
export function operatorHeaders(operatorToken: string): Record<string, string> {
  return { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' };
}

/** Calls the control plane; throws with the answer on a non-2xx status. */
export async function control(serverUrl: string, operatorToken: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${serverUrl}${path}`, { method, headers: operatorHeaders(operatorToken), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const credentialOf = (account: string) => `${account}-test-credential`;

/** Provisions `account` (idempotent) and opens a playback session for `title`. */
export async function playbackSession(serverUrl: string, operatorToken: string, account: string, device: string, title = 'vod-cenc'): Promise<{ sessionId: string; token: string }> {
  await control(serverUrl, operatorToken, 'POST', '/control/accounts', { account, credential: credentialOf(account) });
  const r = await fetch(`${serverUrl}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ account, credential: credentialOf(account), device, title }) });
  if (r.status !== 201) throw new Error(`POST /session for ${account}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as { sessionId: string; token: string };
}

/** The DRM part of a player config that sends the token as a header (tokens are refused in URLs). */
export function clearKeyDrmConfig(origin: string, token: string): Record<string, unknown> {
  return { servers: { 'org.w3.clearkey': `${origin}/license/clearkey` }, advanced: { 'org.w3.clearkey': { headers: { Authorization: `Bearer ${token}` } } } };
}
