import { Agent, request } from 'node:http';
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** Sent as is, not normalised (fetch's URL parser would resolve `%2e%2e` and re-encode). */
  path: string;
  headers: Record<string, string>;
  body?: Buffer | undefined;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

/** One request over node:http; rejects after timeoutMs (a hang is a finding, not a wait). */
export function send(base: string, r: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, ...(r.body ? { 'content-length': String(r.body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/**
 * Bytes straight onto a TCP connection, for what node:http will not send (raw non-ASCII in the
 * request line or headers, broken framing). Resolves with the status line's code, or 0 when the
 * server closed the connection without an answer (Node's parser does that for some garbage), and
 * what came back as text.
 */
export function sendBytes(
  base: string,
  bytes: Buffer,
  timeoutMs: number,
): Promise<{ status: number; text: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(url.port), url.hostname);
    let got = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      resolve({ status: m ? Number(m[1]) : 0, text: got });
    };
    sock.on('data', (c: Buffer) => {
      got += c.toString('latin1');
    });
    sock.on('close', done);
    sock.on('error', () => undefined);
    sock.end(bytes);
  });
}

export function closeAgent(): void {
  agent.destroy();
}
