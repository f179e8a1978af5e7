import type { Socket } from 'node:net';
import type { ApiError } from '../../../contracts/errors.ts';

/** Node's HTTP parser errors (llhttp codes) that mean "headers too large". */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW', 'HPE_CHUNK_EXTENSIONS_OVERFLOW']);

/**
 * What Node's own HTTP parser refuses before Express sees it (a Transfer-Encoding it does not know,
 * raw bytes in a header, two Content-Lengths, headers over 16 KB) is answered in the API's error
 * shape too, instead of Node's bare `400` with no body; then the connection is closed, as Node does.
 */
export function answerClientError(err: NodeJS.ErrnoException & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const tooLarge = TOO_LARGE.has(err.code ?? '');
  const status = tooLarge ? 431 : 400;
  const body: ApiError = {
    error: {
      code: tooLarge ? 'headers_too_large' : 'bad_request',
      message: tooLarge
        ? 'request headers too large'
        : `malformed HTTP request (${err.code ?? 'parse error'})`,
    },
  };
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\n` +
      `Connection: close\r\n\r\n${json}`,
  );
}
