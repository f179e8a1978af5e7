import type { Db } from '../db/db.ts';
import type { Revocations } from './revocations.ts';

/** The channel 0008_credential_news.sql notifies on. */
export const CREDENTIAL_CHANNEL = 'gc_credentials';

/**
 * Relays the database's news of credentials (NOTIFY from triggers, so also changes made by the
 * users CLI, direct SQL or another server) into this process: `revoked` (revoked_at set, a user
 * disabled, a row deleted: caches drop it, its sockets close at once) or `changed` (caches drop
 * it, its sockets resolve it again: one that no longer resolves ends as expired). When the
 * listening connection drops or comes back, every cached login is dropped (news may be missed
 * meanwhile), and while it is down `pushed` is false, so caches keep logins a few seconds only.
 */
export async function listenCredentialNews(db: Db, news: Revocations): Promise<() => Promise<void>> {
  return db.listen(
    CREDENTIAL_CHANNEL,
    (payload) => {
      const i = payload.indexOf(':');
      const [kind, credential] = [payload.slice(0, i), payload.slice(i + 1)];
      if (kind === 'revoked') news.revoke(credential);
      else news.change(credential);
    },
    (live) => {
      if (live === news.pushed) return;
      news.pushed = live;
      news.change('*');
    },
  );
}
