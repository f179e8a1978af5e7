/**
 * Chinese resident identity card number (GB 11643-1999): 6-digit region code, 8-digit birth date
 * (YYYYMMDD), 3-digit sequence (odd = male, even = female), and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new Error('expected 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberProblem = 'format' | 'birth_date' | 'checksum';

/** Why an ID number is invalid, or null when it is valid. */
export function idNumberProblem(id: string): IdNumberProblem | null {
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'format';
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1890 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return 'birth_date';
  }
  return idCheckChar(id.slice(0, 17)) === id[17] ? null : 'checksum';
}

/** Builds a valid ID number from its parts. birthDate is 'YYYY-MM-DD'; seq is 0–999. */
export function makeIdNumber(regionCode6: string, birthDate: string, seq: number): string {
  const first17 = regionCode6 + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return first17 + idCheckChar(first17);
}

/** The birth date 'YYYY-MM-DD' and sex encoded in a valid ID number. */
export function idNumberFacts(id: string): { birthDate: string; sex: 'M' | 'F' } {
  return {
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}
