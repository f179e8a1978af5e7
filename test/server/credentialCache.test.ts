import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../server/src/auth/credentialCache.ts';
import { Revocations } from '../../server/src/auth/revocations.ts';
import type { Caller } from '../../server/src/http/caller.ts';

const caller = (id: number, credential: string): Caller => ({
  kind: 'user',
  id,
  name: `u${id}`,
  role: 'operator',
  jurisdiction: '120106001',
  permissions: new Set(),
  publicSafe: false,
  credential,
});

describe('credential cache', () => {
  it('reuses a resolved login until its time is up', () => {
    let t = 0;
    const cache = new CredentialCache(5000, new Revocations(), () => t);
    cache.set('cookie:a', caller(1, 'session:a'));
    t = 4999;
    expect(cache.get('cookie:a')?.id).toBe(1);
    t = 5000;
    expect(cache.get('cookie:a')).toBeUndefined();
  });

  it('forgets a credential the moment it is revoked, and all of a user when the user is', () => {
    const revocations = new Revocations();
    const cache = new CredentialCache(60_000, revocations);
    cache.set('cookie:a', caller(1, 'session:a'));
    cache.set('bearer:b', caller(1, 'token:b'));
    cache.set('bearer:c', caller(2, 'token:c'));
    revocations.revoke('session:a');
    expect(cache.get('cookie:a')).toBeUndefined();
    expect(cache.get('bearer:b')?.id).toBe(1);
    revocations.revoke('user:1');
    expect(cache.get('bearer:b')).toBeUndefined();
    expect(cache.get('bearer:c')?.id).toBe(2);
  });

  it('caches nothing with a zero time', () => {
    const cache = new CredentialCache(0, new Revocations());
    cache.set('cookie:a', caller(1, 'session:a'));
    expect(cache.get('cookie:a')).toBeUndefined();
  });
});
