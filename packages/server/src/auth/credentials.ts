/**
 * Account (or device) credentials: stored as scrypt(password, per-account salt)
 * with node:crypto, compared in constant time. scrypt rather than a fast hash:
 * a leaked database must not give the passwords away. Cost N = 2^14 (the
 * node default, ~40 ms on this machine's cores) in production; tests and
 * benches that create hundreds of sessions pass a lower cost.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { AccountRecord } from '../store/server-store.js';

/** scrypt CPU/memory cost; a power of two. */
export const DEFAULT_SCRYPT_COST = 16_384;
const KEY_LENGTH = 32;

function derive(password: string, salt: string, cost: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, Buffer.from(salt, 'hex'), KEY_LENGTH, { N: cost, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** A new account record for `id` with a fresh salt. The cost is stored in the hash (`N$hex`). */
export async function hashCredential(id: string, password: string, plan: string | null, cost = DEFAULT_SCRYPT_COST): Promise<AccountRecord> {
  const salt = randomBytes(16).toString('hex');
  return { id, plan, salt, hash: `${cost}$${(await derive(password, salt, cost)).toString('hex')}` };
}

/** True when `password` matches the record. Always runs scrypt (also for unknown accounts) so timing does not tell. */
export async function verifyCredential(record: AccountRecord | null, password: string): Promise<boolean> {
  const [costText, hex] = (record?.hash ?? `${DEFAULT_SCRYPT_COST}$${'0'.repeat(KEY_LENGTH * 2)}`).split('$');
  const cost = Number(costText);
  if (!Number.isInteger(cost) || cost < 2 || cost > 1 << 20 || !hex) return false;
  const expected = Buffer.from(hex, 'hex');
  const got = await derive(password, record?.salt ?? '00'.repeat(16), cost);
  return record !== null && expected.length === got.length && timingSafeEqual(expected, got);
}
