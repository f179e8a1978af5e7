import { describe, expect, it } from 'vitest';
import { CredentialCache, type CredentialCacheOptions } from '../../server/src/auth/credentialCache.ts';
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
const opts = (o: Partial<CredentialCacheOptions> = {}): CredentialCacheOptions => ({
  ttlMs: 5000,
  pushedTtlMs: 60_000,
  max: 1000,
  ...o,
});

describe('credential cache', () => {
  it('reuses a resolved login until its time is up: 5 s without pushed news', () => {
    let t = 1000; // lru-cache reads a start of 0 as 'no time limit'
    const cache = new CredentialCache(opts(), new Revocations(), () => t);
    cache.set('cookie:a', caller(1, 'session:a'));
    cache.set('bearer:b', caller(2, 'token:b'));
    t = 5999;
    expect(cache.get('cookie:a')?.id).toBe(1);
    expect(cache.get('bearer:b')?.id).toBe(2);
    t = 6001;
    expect(cache.get('cookie:a')).toBeUndefined();
    expect(cache.get('bearer:b')).toBeUndefined();
  });

  it('with pushed news keeps tokens and displays a minute, sessions still 5 s (their idle timeout)', () => {
    let t = 1000; // lru-cache reads a start of 0 as 'no time limit'
    const news = new Revocations();
    news.pushed = true;
    const cache = new CredentialCache(opts(), news, () => t);
    cache.set('cookie:a', caller(1, 'session:a'));
    cache.set('bearer:b', caller(2, 'token:b'));
    cache.set('bearer:d', { ...caller(3, 'display:3'), kind: 'display' });
    t = 31_000;
    expect(cache.get('cookie:a')).toBeUndefined();
    expect(cache.get('bearer:b')?.id).toBe(2);
    expect(cache.get('bearer:d')?.id).toBe(3);
    t = 61_001;
    expect(cache.get('bearer:b')).toBeUndefined();
  });

  it('forgets a credential the moment it is revoked or changed, all of a user, or everything', () => {
    const revocations = new Revocations();
    const cache = new CredentialCache(opts({ ttlMs: 60_000 }), revocations);
    cache.set('cookie:a', caller(1, 'session:a'));
    cache.set('bearer:b', caller(1, 'token:b'));
    cache.set('bearer:c', caller(2, 'token:c'));
    cache.set('bearer:e', caller(3, 'token:e'));
    revocations.revoke('session:a');
    expect(cache.get('cookie:a')).toBeUndefined();
    expect(cache.get('bearer:b')?.id).toBe(1);
    revocations.change('user:1');
    expect(cache.get('bearer:b')).toBeUndefined();
    expect(cache.get('bearer:c')?.id).toBe(2);
    revocations.change('*');
    expect(cache.get('bearer:c')).toBeUndefined();
    expect(cache.get('bearer:e')).toBeUndefined();
  });

  it('is bounded: the least recently used login goes first', () => {
    const cache = new CredentialCache(opts({ max: 3 }), new Revocations());
    for (const k of ['a', 'b', 'c']) cache.set(`bearer:${k}`, caller(1, `token:${k}`));
    expect(cache.get('bearer:a')).toBeDefined(); // a is now the most recent
    cache.set('bearer:d', caller(1, 'token:d'));
    expect(cache.get('bearer:b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((k) => cache.get(`bearer:${k}`)?.credential)).toEqual([
      'token:a',
      'token:c',
      'token:d',
    ]);
  });

  it('caches nothing with a zero time', () => {
    const cache = new CredentialCache(opts({ ttlMs: 0, pushedTtlMs: 0 }), new Revocations());
    cache.set('cookie:a', caller(1, 'session:a'));
    expect(cache.get('cookie:a')).toBeUndefined();
  });
});
