/** The per-row report every importer returns and the CLI writes as JSON. */
export type ImportKind = 'buildings' | 'houses' | 'residents' | 'regions' | 'roads';

export interface Rejection {
  /** 1-based: CSV line number (header = line 1) or GeoJSON feature index. */
  row: number;
  /** The row's own identifier when it has one (source id, ID number, house address). */
  id?: string;
  /** The offending column/property, when one is to blame. */
  field?: string;
  /** Machine-readable: required, invalid, out_of_range, duplicate, unknown_building, id_checksum, db, … */
  code: string;
  reason: string;
}

export interface ImportReport {
  file: string;
  kind: ImportKind;
  total: number;
  inserted: number;
  updated: number;
  rejected: Rejection[];
  /** Buildings only: footprints repaired with ST_MakeValid and kept. */
  repaired?: number;
}

export interface ImportProgress {
  done: number;
  total: number;
}
export type ProgressFn = (p: ImportProgress) => void;

/** A problem with the whole input (unreadable, unparsable, declared wrong CRS, missing columns): nothing is imported. */
export class ImportFatalError extends Error {
  override readonly name = 'ImportFatalError';
}

export function emptyReport(file: string, kind: ImportKind, total: number): ImportReport {
  return { file, kind, total, inserted: 0, updated: 0, rejected: [] };
}

/** Narrowing helper for parse results that are either a row or a rejection. */
export function isRejection(x: object): x is Rejection {
  return 'code' in x && 'reason' in x;
}
