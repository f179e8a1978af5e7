/** The one database interface the rest of the code sees; implemented by PGlite and by node-postgres. */
export type EngineName = 'pglite' | 'postgres';

export interface StatementOptions {
  /**
   * Keep the statement prepared under this name on each connection (PostgreSQL): parsed and planned
   * once, later calls only bind and execute. For hot statements of fixed text whose best plan does
   * not depend on the values (look-ups by key); not for `LIKE $1 || '%'`, whose prefix only reaches
   * the index when planned with the value (residents.sql.ts). The embedded engine ignores it.
   */
  name?: string;
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    opts?: StatementOptions,
  ): Promise<{ rows: T[] }>;
  /**
   * The first column of the first row as its UTF-8 bytes, never parsed into objects: for
   * statements that build a whole JSON answer, which the server then sends as is.
   */
  queryBytes(sql: string, params?: readonly unknown[], opts?: StatementOptions): Promise<Buffer | undefined>;
  /**
   * `COPY … FROM STDIN` with an already encoded payload (text or binary format, as the statement
   * says); returns the rows copied. Only the PostgreSQL engine has it (PGlite takes no COPY stream
   * over a socket): callers keep a multi-row INSERT for when it is absent.
   */
  copyFrom?(sql: string, payload: Buffer): Promise<number>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: EngineName;
  /**
   * LISTEN on a channel: the payload of every NOTIFY committed on it, by any connection or process.
   * onLive(false) when the listening connection is lost (news may have been missed meanwhile),
   * onLive(true) once it listens (again). Resolves with a stop function.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onLive: (live: boolean) => void,
  ): Promise<() => Promise<void>>;
  /** Runs fn in one transaction on one connection; rolls back when fn throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
