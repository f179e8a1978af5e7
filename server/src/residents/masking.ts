import type { Caller } from '../http/caller.ts';

/** 120106********123X: region code and the last four characters stay, birth date and sequence go. */
export function maskIdNumber(id: string): string {
  if (id.length !== 18) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}

/** 138****1234 for mobile numbers; other lengths keep only their last four digits. */
export function maskPhone(phone: string): string {
  if (phone.length === 11) return `${phone.slice(0, 3)}****${phone.slice(7)}`;
  return phone.length <= 4 ? '*'.repeat(phone.length) : '*'.repeat(phone.length - 4) + phone.slice(-4);
}

interface PersonalFields {
  idNumber: string;
  phone: string | null;
  keyTags?: readonly string[] | null | undefined;
}

/** Applies the caller's permissions to one resident record before it leaves the server. */
export function protectResident<T extends PersonalFields>(
  r: T,
  caller: Caller,
): Omit<T, 'keyTags'> & { keyTags?: NonNullable<T['keyTags']> } {
  const { keyTags, ...rest } = r;
  return {
    ...rest,
    idNumber: caller.canViewPersonal ? r.idNumber : maskIdNumber(r.idNumber),
    phone: r.phone === null ? null : caller.canViewPersonal ? r.phone : maskPhone(r.phone),
    ...(caller.canViewKeyPopulation ? { keyTags: (keyTags ?? []) as NonNullable<T['keyTags']> } : {}),
  };
}
