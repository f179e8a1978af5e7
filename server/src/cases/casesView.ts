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
import { maskName, maskPhone } from '../residents/masking.ts';
import { maskStrings, maskText } from '../residents/maskText.ts';
import type { CaseRow } from './cases.sql.ts';
import type { CaseExtraRow, HistoryRow } from './casesRead.sql.ts';

/** Characters of the description a list item carries (cases.sql.ts selects a few more, for masking). */
const TITLE_CHARS = 80;

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
    // the first 80 characters of the description, masked before they are cut
    title: maskText(r.title).slice(0, TITLE_CHARS),
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
    // free text: ID numbers and phones typed into it are masked like fields
    description: maskText(r.description),
    address: r.address === null ? null : maskText(r.address),
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
    pendingRequest: r.pendingRequest && { ...r.pendingRequest, note: maskText(r.pendingRequest.note) },
    satisfaction: r.satisfaction,
    history: history.map((h): HistoryEntry => ({
      id: h.id,
      at: iso(h.at)!,
      action: h.action as HistoryEntry['action'],
      fromState: h.fromState,
      toState: h.toState,
      actor: { kind: h.actorKind, name: h.actorName, role: h.actorRole },
      note: h.note === null ? null : maskText(h.note),
      photos: h.photos,
      data: maskStrings(h.data),
    })),
    allowedActions,
    now: iso(nowMs)!,
  };
}
