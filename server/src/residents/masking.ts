/**
 * Personal data leaves the server masked. Lists are masked for every role, including those with
 * people.unmask: they unmask one record at a time, with a reason, and that view is audited.
 */

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

/** 张三 → 张*, 欧阳娜娜 → 欧***: enough for an operator to greet a caller back. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

/**
 * Room numbers keep their floor so the floor matrix still renders (the house id tells rooms apart):
 * '1502' on floor 15 → '15**', '101' on floor 1 → '1**'. A room that does not start with its floor
 * number ('A3', basements) is masked whole.
 */
export function maskRoom(room: string, floor: number): string {
  const prefix = String(floor);
  if (floor > 0 && room.length > prefix.length && room.startsWith(prefix))
    return prefix + '*'.repeat(room.length - prefix.length);
  return '*'.repeat(room.length);
}

/** What a view may show: `unmasked` only in the audited one-record unmask answer. */
export interface Visibility {
  unmasked: boolean;
  keyPopulation: boolean;
}

interface PersonalFields {
  idNumber: string;
  phone: string | null;
  keyTags?: readonly string[] | null | undefined;
}

/** Applies the view's visibility to one resident record before it leaves the server. */
export function protectResident<T extends PersonalFields>(
  r: T,
  vis: Visibility,
): Omit<T, 'keyTags'> & { keyTags?: NonNullable<T['keyTags']> } {
  const { keyTags, ...rest } = r;
  return {
    ...rest,
    idNumber: vis.unmasked ? r.idNumber : maskIdNumber(r.idNumber),
    phone: r.phone === null ? null : vis.unmasked ? r.phone : maskPhone(r.phone),
    ...(vis.keyPopulation ? { keyTags: (keyTags ?? []) as NonNullable<T['keyTags']> } : {}),
  };
}

/** Lists (以房找人, 以人找房): always masked; key-population tags only with that permission. */
export const listVisibility = (caller: { permissions: ReadonlySet<string> }): Visibility => ({
  unmasked: false,
  keyPopulation: caller.permissions.has('people.key_population'),
});
