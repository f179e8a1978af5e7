import { EventEmitter } from 'node:events';

/**
 * In-process news of ended credentials ('session:<sha256>', 'token:<sha256>', 'display:<id>', or
 * 'user:<id>' for all of a user's), so open sockets close at once; the realtime server's periodic
 * re-check catches what other processes (the CLI) revoke.
 */
export class Revocations extends EventEmitter<{ revoked: [credential: string] }> {
  revoke(credential: string): void {
    this.emit('revoked', credential);
  }
}
