import ExcelJS from 'exceljs';

/** A table as the analyst sees it: titled columns (a ratio column is shown as a percentage). */
export interface ExportTable {
  title: string;
  columns: { key: string; label: string; kind: 'text' | 'int' | 'ratio' | 'decimal' }[];
  rows: Record<string, string | number | null>[];
}

const cell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  // RFC 4180 quoting; a leading = + - @ would be a formula in a spreadsheet (CSV injection)
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/**
 * CSV in UTF-8 with a byte-order mark, so Excel on a Chinese Windows desktop reads the labels right;
 * CRLF line ends (RFC 4180). Ratios as numbers 0–1 with four decimals.
 */
export function toCsv(t: ExportTable): Buffer {
  const lines = [t.columns.map((c) => cell(c.label)).join(',')];
  for (const r of t.rows)
    lines.push(
      t.columns
        .map((c) => {
          const v = r[c.key] ?? null;
          return cell(typeof v === 'number' && c.kind !== 'int' ? Number(v.toFixed(4)) : v);
        })
        .join(','),
    );
  return Buffer.from('\uFEFF' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** An .xlsx workbook of one sheet (ExcelJS): a bold header row, frozen, percentages formatted. */
export async function toXlsx(t: ExportTable): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'GridCenter';
  const ws = wb.addWorksheet(t.title.slice(0, 31).replace(/[\\/*?:[\]]/g, '_'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = t.columns.map((c) => ({
    header: c.label,
    key: c.key,
    width: c.kind === 'text' ? 24 : Math.max(10, c.label.length * 2 + 2),
    style: c.kind === 'ratio' ? { numFmt: '0.0%' } : c.kind === 'decimal' ? { numFmt: '0.00' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of t.rows) ws.addRow(Object.fromEntries(t.columns.map((c) => [c.key, r[c.key] ?? null])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
