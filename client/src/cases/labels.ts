import type { CaseListItem } from '../../../contracts/cases.ts';
import { isMessageKey, type Translate } from '../i18n/index.ts';

/**
 * Labels of workflow data: states are configuration per jurisdiction, so an id with no translation
 * shows as itself rather than failing.
 */
export function labelOf(t: Translate, group: 'state' | 'action' | 'minor' | 'request', id: string): string {
  const key = `cases.${group}.${id}`;
  return isMessageKey(key) ? t(key) : id;
}

export const categoryLabel = (t: Translate, c: CaseListItem['category']) =>
  `${t(`cases.major.${c.major}`)} · ${labelOf(t, 'minor', c.minor)}`;

/** "3天4小时" / "2 h 5 min": the time left or overdue, at a glance. */
export function durationText(t: Translate, ms: number): string {
  const totalMin = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(totalMin / 1440);
  const h = Math.floor((totalMin % 1440) / 60);
  const m = totalMin % 60;
  if (d > 0) return t('cases.duration.days', { d, h });
  if (h > 0) return t('cases.duration.hours', { h, m });
  return t('cases.duration.min', { m });
}

/** Local wall-clock time of an ISO instant: HH:MM today, MM-DD HH:MM before. */
export function timeText(iso: string, lang: 'zh' | 'en', nowMs: number): string {
  const d = new Date(iso);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const hm = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hour12: false });
  if (new Date(nowMs).toDateString() === d.toDateString()) return hm;
  return `${d.toLocaleDateString(locale, { month: '2-digit', day: '2-digit' })} ${hm}`;
}
