import {
  lightAt,
  type CaseDetail,
  type CaseListItem,
  type CaseMajor,
  type CaseSource,
  type HistoryEntry,
  type PhotoRef,
} from '../../../contracts/cases.ts';
import type { Caller } from '../http/caller.ts';
import { maskPhone } from '../residents/masking.ts';
import type { CaseRow } from './cases.sql.ts';
import type { CaseExtraRow, HistoryRow } from './casesRead.sql.ts';

const iso = (msOrNull: number | null) => (msOrNull === null ? null : new Date(msOrNull).toISOString());

/** A row as the map, the ticker and the live events see it: no personal data. */
export function toListItem(r: CaseRow, nowMs: number): CaseListItem {
  const yellowFrom = iso(r.yellowFrom);
  const deadline = iso(r.deadline);
  return {
    id: r.id,
    number: r.number,
    category: { major: r.major as CaseMajor, minor: r.minor },
    source: r.source as CaseSource,
    state: r.state,
    level: r.level,
    point: [r.lon, r.lat],
    gridCode: r.gridCode,
    title: r.title,
    supervised: r.supervised,
    rejections: r.rejections,
    department: r.department,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    stageStartedAt: iso(r.stageStartedAt)!,
    yellowFrom,
    deadline,
    light: lightAt({ yellowFrom, deadline }, nowMs),
    version: r.version,
  };
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: enough for an operator to greet the caller back. */
export function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1);
}

export function toDetail(
  r: CaseRow & CaseExtraRow,
  history: readonly HistoryRow[],
  photos: readonly { sha256: string; type: string; bytes: number }[],
  caller: Caller,
  allowedActions: CaseDetail['allowedActions'],
  nowMs: number,
): CaseDetail {
  const hasReporter = r.reporterName !== null || r.reporterPhone !== null;
  return {
    ...toListItem(r, nowMs),
    description: r.description,
    address: r.address,
    gridName: r.gridName,
    buildingId: r.buildingId,
    photos: photos as PhotoRef[],
    // masked for every role; a public-safe wall display gets nothing at all
    reporter:
      caller.publicSafe || !hasReporter
        ? null
        : {
            name: r.reporterName === null ? null : maskName(r.reporterName),
            phone: r.reporterPhone === null ? null : maskPhone(r.reporterPhone),
          },
    overdueCount: r.overdueCount,
    pendingRequest: r.pendingRequest,
    satisfaction: r.satisfaction,
    history: history.map((h): HistoryEntry => ({
      id: h.id,
      at: iso(h.at)!,
      action: h.action as HistoryEntry['action'],
      fromState: h.fromState,
      toState: h.toState,
      actor: { kind: h.actorKind, name: h.actorName, role: h.actorRole },
      note: h.note,
      photos: h.photos,
      data: h.data,
    })),
    allowedActions,
    now: iso(nowMs)!,
  };
}
