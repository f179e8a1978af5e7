import { createHash, randomBytes } from 'node:crypto';

/** Kinds of bearer secret, told apart by their prefix so one lookup suffices. */
export const SECRET_PREFIX = { session: 'gcs_', token: 'gct_', display: 'gcd_' } as const;
export type SecretKind = keyof typeof SECRET_PREFIX;

/** 32 random bytes (256 bits), base64url, with the kind's prefix. */
export function newSecret(kind: SecretKind): string {
  return SECRET_PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as their sha256 (hex): a database leak gives no usable credential. */
export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function kindOf(secret: string): SecretKind | undefined {
  for (const [kind, prefix] of Object.entries(SECRET_PREFIX))
    if (secret.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(secret.slice(prefix.length)))
      return kind as SecretKind;
  return undefined;
}
