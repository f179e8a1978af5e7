import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The key of the audit log's search hashes. It lives outside the database (AUDIT_HASH_KEY, else a
 * file in DATA_DIR made at the first start), so someone who reads the audit rows, through the API
 * or the database itself, cannot test candidate ID numbers against them; an auditor asks the
 * server, which holds the key. Servers sharing one database must share the key (same DATA_DIR or
 * the same AUDIT_HASH_KEY). Tests without a DATA_DIR get a key of their own per process.
 */
export function loadAuditKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.AUDIT_HASH_KEY) {
    if (env.AUDIT_HASH_KEY.length < 32) throw new Error('AUDIT_HASH_KEY: at least 32 characters');
    return Buffer.from(env.AUDIT_HASH_KEY);
  }
  const data = env.DATA_DIR ?? (env.VITEST ? undefined : './.data');
  if (!data || data.startsWith('memory://')) return randomBytes(32);
  const file = join(resolve(data), 'audit-hash.key');
  if (existsSync(file)) return readFileSync(file);
  mkdirSync(resolve(data), { recursive: true });
  try {
    const key = randomBytes(32);
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    // another process made it first
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file);
    throw err;
  }
}

/** The form of a search string that is stored and matched (trimmed; an ID number's check letter upper case). */
export const normalizeSearch = (q: string) => q.trim().replace(/x$/, 'X');

/** HMAC-SHA256 of a normalised search string, hex: equal strings, equal hashes; nothing to reverse. */
export const searchHash = (key: Buffer, q: string) =>
  createHmac('sha256', key).update(normalizeSearch(q)).digest('hex');
