import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';

export interface Cluster {
  /** The Socket.IO adapter that carries events between the server processes. */
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * Several server processes as one (REDIS_URL): Socket.IO's Redis streams adapter forwards every
 * event sent to a room to the screens of every server, and resumes its stream after a Redis
 * outage without losing packets; Socket.IO's connection-state recovery keeps its sessions there
 * too, so a screen that reconnects to another server gets what it missed. Credential news and 3D
 * Tiles versions travel over PostgreSQL NOTIFY already, and data lives in the one database.
 * While Redis is away, commands wait in the client's queue (reconnecting with backoff) and the
 * servers go on serving their own screens.
 */
export async function connectCluster(url: string, streamName = 'gridcenter'): Promise<Cluster> {
  const client = createClient({
    url,
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 2000) },
  });
  let warned = false;
  client.on('error', (err: Error) => {
    // reconnects by itself; say so once per outage
    if (!warned) console.warn(`[redis] ${err.message}: reconnecting`);
    warned = true;
  });
  client.on('ready', () => {
    if (warned) console.log('[redis] connected again');
    warned = false;
  });
  await client.connect();
  return {
    adapter: createAdapter(client, { streamName, maxLen: 100_000 }),
    close: async () => {
      await client.close().catch(() => undefined);
    },
  };
}
