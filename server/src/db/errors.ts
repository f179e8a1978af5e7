/**
 * What a database error means for the caller. node-postgres puts PostgreSQL's SQLSTATE in `code`,
 * and the socket's errno (ECONNREFUSED, …) there too when no server answered; PGlite raises the same
 * SQLSTATEs for what it checks.
 */

/** SQLSTATEs and socket errors that mean "the database is not reachable now; ask again soon". */
const UNAVAILABLE = new Set([
  '57P01', // admin_shutdown: the server is stopping (restart, failover)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** node-postgres says these in words only (no code). */
const UNAVAILABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended)/;

/** The database cannot be reached now (restart, network): the caller may retry; nothing is wrong with its input. */
export function isDbUnavailable(err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.some(isDbUnavailable);
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: unknown; message?: unknown };
  // class 08 is the connection's, but 08P01 (protocol violation) is our own bug, not an outage
  if (typeof code === 'string' && (UNAVAILABLE.has(code) || (code.startsWith('08') && code !== '08P01')))
    return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/**
 * Class 22 (data exception: a value PostgreSQL cannot take, such as a NUL character in text or a
 * number out of range). Routes validate their input first, so this is the last line: the caller's
 * value was refused, nothing was stored.
 */
export function isDataException(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/** Seconds a caller should wait before asking again while the database is unavailable. */
export const DB_RETRY_AFTER_S = 2;

/** For background work: one line while the database is away, the whole error otherwise. */
export function logDbError(what: string, err: unknown): void {
  if (isDbUnavailable(err)) console.warn(`${what}: database unavailable (${(err as Error).message})`);
  else console.error(`${what}:`, err);
}
