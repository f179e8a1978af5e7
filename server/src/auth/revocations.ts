import { EventEmitter } from 'node:events';

/**
 * News of credentials inside one server process. Credentials are named 'session:<sha256>',
 * 'token:<sha256>', 'display:<id>', 'user:<id>' (all of a user's) or '*' (every one).
 * - revoked: the credential has ended: caches drop it, its open sockets close at once.
 * - changed: what the credential may do may have changed (a role, a jurisdiction, a role's
 *   permissions): caches drop it, open sockets resolve it again.
 * `pushed` says whether news from other processes (the users CLI, direct SQL, other servers)
 * arrives here as it happens (credentialNews.ts, LISTEN on the database); while it does not,
 * caches keep resolved logins only briefly.
 */
export class Revocations extends EventEmitter<{
  revoked: [credential: string];
  changed: [credential: string];
}> {
  pushed = false;

  revoke(credential: string): void {
    this.emit('revoked', credential);
  }

  change(credential: string): void {
    this.emit('changed', credential);
  }
}
