import type { Calendar, StageLimit } from '../../../contracts/cases.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** When the light of a stage started at `startMs` turns yellow and red. */
export function stageTimes(
  startMs: number,
  limit: StageLimit,
  cal: Calendar,
): { yellowFrom: number; deadline: number } {
  return {
    yellowFrom: addMinutes(startMs, limit.minutes * limit.yellowAt, limit.clock, cal),
    deadline: addMinutes(startMs, limit.minutes, limit.clock, cal),
  };
}

/** `minutes` after `startMs`, counting only working hours when `clock` is 'working'. */
export function addMinutes(
  startMs: number,
  minutes: number,
  clock: StageLimit['clock'],
  cal: Calendar,
): number {
  if (clock === 'natural') return startMs + Math.round(minutes * MINUTE);
  return addWorkingMinutes(startMs, minutes, cal);
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether the local calendar day (days since epoch, local time) is worked. */
function isWorkDay(localDay: number, cal: Calendar): boolean {
  const iso = new Date(localDay * DAY).toISOString().slice(0, 10);
  if (cal.extraWorkDays.includes(iso)) return true;
  if (cal.holidays.includes(iso)) return false;
  const weekday = ((new Date(localDay * DAY).getUTCDay() + 6) % 7) + 1; // ISO: Monday = 1
  return cal.workDays.includes(weekday);
}

/**
 * Walks working windows day by day in the calendar's local time (a fixed UTC offset: China has no
 * daylight saving). A start outside working hours begins counting at the next window.
 */
function addWorkingMinutes(startMs: number, minutes: number, cal: Calendar): number {
  const offset = cal.utcOffsetMinutes * MINUTE;
  const open = toMin(cal.start) * MINUTE;
  const close = toMin(cal.end) * MINUTE;
  if (close <= open) return startMs + Math.round(minutes * MINUTE); // no window: natural time
  let left = Math.round(minutes * MINUTE);
  let local = startMs + offset;
  // a calendar without any working day would loop forever: give up after ~10 years
  for (let guard = 0; guard < 3700; guard++) {
    const day = Math.floor(local / DAY);
    const dayStart = day * DAY;
    if (isWorkDay(day, cal)) {
      const from = Math.max(local, dayStart + open);
      const to = dayStart + close;
      if (from < to) {
        if (from + left <= to) return from + left - offset;
        left -= to - from;
      }
    }
    local = dayStart + DAY;
  }
  return startMs + Math.round(minutes * MINUTE);
}
