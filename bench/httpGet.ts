import http from 'node:http';

/**
 * The load client: node's http with one kept-alive connection, as a screen's browser holds one.
 * Lighter than fetch (undici adds ~0.2 ms at p50 and multi-ms tails here), so the figures measure
 * the server rather than the client. Reads the whole body; anything but 200 is an error.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

export function httpGet(url: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${url}: HTTP ${res.statusCode}`));
        res.resume();
        res.on('end', resolve);
        res.on('error', reject);
      })
      .on('error', reject);
  });
}
