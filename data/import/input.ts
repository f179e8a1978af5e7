import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { ImportFatalError } from './report.ts';

/** What an importer reads: a name for the report and the raw bytes or text (gzip is detected). */
export interface ImportInput {
  file: string;
  content: Uint8Array | string;
}

export function readImportFile(path: string): ImportInput {
  if (!existsSync(path)) throw new ImportFatalError(`file not found: ${path}`);
  return { file: path, content: readFileSync(path) };
}

/** Text of the input; gunzips when the bytes start with the gzip magic 1f 8b. */
export function inputText(input: ImportInput): string {
  const c = input.content;
  if (typeof c === 'string') return c;
  try {
    const bytes = c[0] === 0x1f && c[1] === 0x8b ? gunzipSync(c) : c;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } catch (err) {
    throw new ImportFatalError(`${input.file}: cannot decompress: ${(err as Error).message}`);
  }
}

/** File base name without .gz/.geojson/.json/.csv: the default building source. */
export function baseName(file: string): string {
  return basename(file)
    .replace(/(\.gz)?$/i, '')
    .replace(/\.(geo)?json$|\.csv$/i, '');
}

export interface CsvRecord {
  /** 1-based line number of the record's first line (header = line 1). */
  line: number;
  /** Trimmed values; empty cells are left out. */
  values: Record<string, string>;
}

/** Parses a CSV with a header row; header names are lower-cased and trimmed. */
export function parseCsv(input: ImportInput, required: readonly (readonly string[])[]): CsvRecord[] {
  let rows: string[][];
  try {
    rows = parse(inputText(input), { relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (err) {
    throw new ImportFatalError(`${input.file}: unparsable CSV: ${(err as Error).message}`);
  }
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase());
  if (header.length === 0 || header.every((h) => h === ''))
    throw new ImportFatalError(`${input.file}: no header row`);
  for (const anyOf of required) {
    if (!anyOf.some((c) => header.includes(c))) {
      throw new ImportFatalError(`${input.file}: missing column ${anyOf.join(' or ')}`);
    }
  }
  const out: CsvRecord[] = [];
  // csv-parse/sync gives no line numbers without info; count physical lines of each record instead.
  const lines = recordLines(inputText(input));
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const values: Record<string, string> = {};
    header.forEach((h, j) => {
      const v = cells[j]?.trim();
      if (h && v) values[h] = v;
    });
    out.push({ line: lines[i] ?? i + 1, values });
  }
  return out;
}

/** Start line (1-based) of each CSV record, honouring quoted newlines. */
function recordLines(text: string): number[] {
  const starts = [1];
  let line = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n') {
      line++;
      if (!quoted && i + 1 < text.length) starts.push(line);
    }
  }
  return starts;
}
