import { LRUCache } from 'lru-cache';
import type { Caller } from '../http/caller.ts';
import type { Revocations } from './revocations.ts';

export interface CredentialCacheOptions {
  /** How long a resolved login is reused while news of credentials is not pushed (ms; 0 = never). */
  ttlMs: number;
  /**
   * How long a bearer token or display is reused while news is pushed (ms). Sessions keep ttlMs:
   * their idle timeout is measured by the database look-up that each one does.
   */
  pushedTtlMs: number;
  /** Most logins kept; the least recently used go first (each phone of 20,000 is one). */
  max: number;
}

export const DEFAULT_CREDENTIAL_CACHE: CredentialCacheOptions = {
  ttlMs: 5000,
  pushedTtlMs: 60_000,
  max: 50_000,
};

/**
 * Resolved credentials, so a request costs no database round trip for its login (the hot paths
 * 以房找人 and search are a few milliseconds of SQL; 20,000 phones each post every few seconds).
 * Revoked or changed credentials are dropped the moment the news arrives (Revocations: from this
 * process, and from the database's NOTIFY when pushed); without pushed news, within ttlMs.
 * Backed by lru-cache: bounded, least recently used out first, TTL per entry.
 */
export class CredentialCache {
  private readonly entries: LRUCache<string, Caller>;

  constructor(
    private readonly opts: CredentialCacheOptions,
    private readonly news: Revocations,
    now: () => number = () => performance.now(),
  ) {
    // ttlResolution 0: each get reads the clock (tests inject one; lru-cache would otherwise reuse a reading for 1 ms).
    this.entries = new LRUCache<string, Caller>({
      max: Math.max(1, opts.max),
      perf: { now },
      ttlResolution: 0,
    });
    news.on('revoked', (credential) => this.evict(credential));
    news.on('changed', (credential) => this.evict(credential));
  }

  get(key: string): Caller | undefined {
    return this.entries.get(key);
  }

  set(key: string, caller: Caller): void {
    const ttl =
      this.news.pushed && !caller.credential.startsWith('session:') ? this.opts.pushedTtlMs : this.opts.ttlMs;
    if (ttl <= 0) return;
    this.entries.set(key, caller, { ttl });
  }

  /** Drops a credential ('session:…', 'token:…', 'display:<id>'), all of a user's ('user:<id>') or all ('*'). */
  evict(credential: string): void {
    if (credential === '*') return this.entries.clear();
    for (const [key, caller] of this.entries.entries()) {
      const ofUser = credential === `user:${caller.id}` && caller.kind === 'user';
      if (caller.credential === credential || ofUser) this.entries.delete(key);
    }
  }
}
