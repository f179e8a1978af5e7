import { maskIdNumber, maskPhone } from './masking.ts';

/**
 * Free text masked like the fields: what a reporter types into a description, a handler into a
 * note, a searcher into the search box. ID numbers (18 characters, or 15 of the old cards), mobile
 * numbers (with or without +86, spaces or dashes), landlines, bank cards and any other run of 7 or
 * more digits (QQ numbers, account numbers) keep only what the field masks keep: 120106********123X,
 * 138****5678, ************1234. Shorter numbers (house numbers, floors, amounts, years) and dates
 * written as yyyymmdd stay. Full-width digits (０-９), as Chinese input methods type them, count too.
 * Over-masking is the safe side: a region or case number typed into a note is masked as well.
 */
export function maskText(text: string): string {
  const plain = halfWidth(text);
  if (!/[0-9]{3}/.test(plain)) return text; // the common case: nothing to look at
  let out = '';
  let last = 0;
  for (const m of plain.matchAll(DIGIT_RUN)) {
    const masked = maskRun(m[1] ?? '', m[2]!, m[3] ?? '');
    if (masked === undefined) continue;
    out += text.slice(last, m.index) + masked;
    last = m.index + m[0].length;
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * Groups of 3+ digits joined by single spaces or dashes (138 1234 5678, 6222-0212-3456-7890), an
 * optional +86 before and an X after (the ID number's check character). Groups shorter than three
 * do not join, so a date (2026-12-07) stays apart from a phone beside it.
 */
const DIGIT_RUN = /(?<![0-9])(\+?86[ -]?)?([0-9]{3,}(?:[ -][0-9]{3,})*)([Xx])?(?![0-9])/g;

/** Runs shorter than this are left alone. */
const MIN_DIGITS = 7;

function maskRun(prefix: string, run: string, x: string): string | undefined {
  const digits = run.replace(/[ -]/g, '');
  const withPrefix = prefix.replace(/[ -]/g, '').replace('+', '') + digits;
  if (prefix && /^1[3-9][0-9]{9}$/.test(digits)) return `+86 ${maskPhone(digits)}${x}`;
  if (withPrefix.length < MIN_DIGITS) return undefined;
  const all = prefix ? withPrefix : digits;
  if (x && all.length === 17) return maskIdNumber(all + 'X');
  if (all.length === 8 && isDate(all)) return undefined;
  if (all.length === 18) return maskIdNumber(all) + x;
  if (all.length === 15) return `${all.slice(0, 6)}*****${all.slice(11)}${x}`;
  return maskPhone(all) + x;
}

/** 19xx/20xx year, month 01–12, day 01–31: a date, not a number to hide. */
function isDate(d: string): boolean {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  return y >= 1900 && y <= 2099 && m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/**
 * Full-width digits, plus, X and the ideographic space to ASCII. Each is one UTF-16 unit before
 * and after, so positions in the result are positions in the original.
 */
function halfWidth(s: string): string {
  return s.replace(/[\uff10-\uff19\uff0b\uff38\uff58\uff0d\u3000]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x3000) return ' ';
    return String.fromCharCode(code - 0xfee0);
  });
}

/** A record's string values (and strings in its arrays) through maskText: details kept as JSON. */
export function maskStrings(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data))
    out[k] =
      typeof v === 'string'
        ? maskText(v)
        : Array.isArray(v)
          ? v.map((x: unknown) => (typeof x === 'string' ? maskText(x) : x))
          : v;
  return out;
}
