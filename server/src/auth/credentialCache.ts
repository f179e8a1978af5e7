import type { Caller } from '../http/caller.ts';
import type { Revocations } from './revocations.ts';

/**
 * Resolved credentials for a few seconds, so a request costs no database round trip for its
 * login (the hot paths 以房找人 and search are a few milliseconds of SQL). Revocations in this
 * process (logout, token or display revoked, password reset through the API) evict at once;
 * changes made by another process (the users CLI, direct SQL) take effect within ttlMs.
 */
export class CredentialCache {
  private readonly entries = new Map<string, { caller: Caller; until: number }>();

  constructor(
    private readonly ttlMs: number,
    revocations: Revocations,
    private readonly now: () => number = Date.now,
  ) {
    revocations.on('revoked', (credential) => this.evict(credential));
  }

  get(key: string): Caller | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until > this.now()) return e.caller;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, caller: Caller): void {
    if (this.ttlMs <= 0) return;
    // Bounded: stale entries go first; a flood of distinct valid credentials cannot grow it forever.
    if (this.entries.size >= 10_000) this.sweep();
    this.entries.set(key, { caller, until: this.now() + this.ttlMs });
  }

  /** Drops a credential ('session:…', 'token:…', 'display:<id>') or all of a user's ('user:<id>'). */
  evict(credential: string): void {
    for (const [key, { caller }] of this.entries) {
      const ofUser = credential === `user:${caller.id}` && caller.kind === 'user';
      if (caller.credential === credential || ofUser) this.entries.delete(key);
    }
  }

  private sweep(): void {
    const t = this.now();
    for (const [key, e] of this.entries) if (e.until <= t) this.entries.delete(key);
    if (this.entries.size >= 10_000) this.entries.clear();
  }
}
