import type { Queryable } from './db.ts';

/** Postgres array types accepted for unnest() columns. */
export type ColumnType =
  'text' | 'int4' | 'int8' | 'float8' | 'date' | 'bool' | 'jsonb' | 'text[]' | 'geometry';

export interface BulkColumn {
  name: string;
  type: ColumnType;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Multi-row insert through unnest() of one array per column: one statement per chunk, the same
 * SQL on PGlite and PostgreSQL (PGlite has no COPY FROM STDIN over a socket). Geometry columns
 * travel as EWKT/WKT text or GeoJSON strings starting with '{'. text[] columns travel as
 * Postgres array literals because unnest() of a 2-D array would flatten them.
 * Returns the number of rows inserted.
 */
export async function bulkInsert(
  db: Queryable,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  opts: { chunkSize?: number; suffix?: string } = {},
): Promise<number> {
  if (!IDENT.test(table) || columns.some((c) => !IDENT.test(c.name))) throw new Error('bad identifier');
  const chunk = opts.chunkSize ?? 5000;
  const params = columns.map((c, i) => {
    if (c.type === 'geometry') return `ST_SetSRID(ST_GeomFromGeoJSON(u.c${i}), 4326)`;
    if (c.type === 'text[]') return `u.c${i}::text[]`;
    return `u.c${i}`;
  });
  const arrayType = (t: ColumnType) => (t === 'geometry' || t === 'text[]' ? 'text' : t);
  const sql =
    `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) ` +
    `SELECT ${params.join(', ')} FROM unnest(${columns.map((c, i) => `$${i + 1}::${arrayType(c.type)}[]`).join(', ')}) ` +
    `AS u(${columns.map((_, i) => `c${i}`).join(', ')}) ${opts.suffix ?? ''}`;
  let n = 0;
  for (let start = 0; start < rows.length; start += chunk) {
    const part = rows.slice(start, start + chunk);
    const arrays = columns.map((c, i) => part.map((r) => toParam(r[i], c.type)));
    await db.query(sql, arrays);
    n += part.length;
  }
  return n;
}

function toParam(v: unknown, type: ColumnType): unknown {
  if (v === undefined || v === null) return null;
  if (type === 'text[]') {
    const items = v as readonly string[];
    return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
  }
  if (type === 'jsonb' && typeof v !== 'string') return JSON.stringify(v);
  if (type === 'geometry' && typeof v !== 'string') return JSON.stringify(v);
  return v;
}
