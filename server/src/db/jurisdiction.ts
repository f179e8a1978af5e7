/**
 * SQL predicate "column is inside the jurisdiction whose code prefix is parameter $n".
 * Region codes are digit strings in COLLATE "C", so the prefix match `col LIKE $n || '%'` equals
 * the range [$n, $n || ':') (':' sorts right after '9'), which a btree index serves even in generic
 * plans. An empty jurisdiction is the whole installation, including rows with no grid (imports).
 */
export function inJurisdiction(column: string, n: number): string {
  return `($${n}::text = '' OR (${column} >= $${n}::text AND ${column} < $${n}::text || ':'))`;
}
