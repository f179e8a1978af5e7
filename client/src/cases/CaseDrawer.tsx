import { useCallback, useEffect, useState } from 'react';
import type { CaseDetail, Light } from '../../../contracts/cases.ts';
import { useT } from '../i18n/index.ts';
import { PanelHeader } from '../panels/PanelHeader.tsx';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { CaseActions } from './CaseActions.tsx';
import { CasePhoto } from './CasePhoto.tsx';
import { CaseTimeline } from './CaseTimeline.tsx';
import { fetchCase } from './casesApi.ts';
import { serverNowMs, useCases } from './casesStore.ts';
import { categoryLabel, durationText, labelOf, timeText } from './labels.ts';
import { focusCase } from './focusCase.ts';

function Facts({ d, light }: { d: CaseDetail; light: Light }) {
  const t = useT();
  const lang = useUi((s) => s.lang);
  const offsetMs = useCases((s) => s.offsetMs);
  const now = serverNowMs(offsetMs);
  const left = d.deadline ? Date.parse(d.deadline) - now : null;
  const rows: [string, string][] = [
    [t('cases.drawer.category'), categoryLabel(t, d.category)],
    [t('cases.drawer.state'), labelOf(t, 'state', d.state)],
    [t('cases.drawer.source'), t(`cases.source.${d.source}`)],
    [t('cases.drawer.level'), t(`cases.level.${d.level}`)],
    [t('cases.drawer.grid'), d.gridName ?? d.gridCode],
    [t('cases.drawer.address'), d.address ?? '—'],
    [t('cases.drawer.department'), d.department ?? '—'],
    [t('cases.drawer.created'), timeText(d.createdAt, lang, now)],
  ];
  if (d.reporter)
    rows.push([
      t('cases.drawer.reporter'),
      [d.reporter.name, d.reporter.phone].filter(Boolean).join(' ') || '—',
    ]);
  if (d.rejections > 0) rows.push([t('cases.drawer.rejections'), String(d.rejections)]);
  return (
    <>
      {left !== null && (
        <div className={`case-clock light-${light}`} data-testid="case-clock">
          <i className="dot" />
          <span>{t(`cases.light.${light}`)}</span>
          <b>
            {left >= 0
              ? t('cases.drawer.left', { t: durationText(t, left) })
              : t('cases.drawer.overdueBy', { t: durationText(t, -left) })}
          </b>
        </div>
      )}
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** The selected case's detail, refetched when a live event makes it newer than what is shown. */
function useCaseDetail(id: number | null) {
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const listVersion = useCases((s) => (id === null ? null : (s.byId.get(id)?.version ?? null)));
  const reload = useCallback(async () => {
    if (id === null) return null;
    try {
      const d = await fetchCase(id);
      setDetail(d);
      setError(null);
      return d;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return null;
    }
  }, [id]);
  useEffect(() => {
    setDetail(null);
    void reload();
  }, [reload]);
  const shown = detail?.id === id ? detail : null;
  useEffect(() => {
    if (shown && listVersion !== null && listVersion > shown.version) void reload();
  }, [shown, listVersion, reload]);
  return { detail: shown, setDetail, reload, error };
}

/** 案卷详情: facts, the time left, photos, the flow timeline and the actions open to the caller. */
export function CaseDrawer() {
  const t = useT();
  const id = useCases((s) => s.selectedId);
  const me = useSession((s) => s.me);
  const light = useCases((s) => (id === null ? 'none' : (s.lights.get(id) ?? 'none')));
  const { detail, setDetail, reload, error } = useCaseDetail(id);
  const [photo, setPhoto] = useState<string | null>(null);
  if (id === null) return null;
  const d = detail;
  return (
    <section className="panel case-drawer" data-testid="case-drawer" data-case-id={id} data-state={d?.state}>
      <PanelHeader
        kicker={t('cases.drawer.title')}
        title={<span className="mono">{d?.number ?? '…'}</span>}
        closeLabel={t('cases.drawer.close')}
        onClose={() => useCases.getState().select(null)}
      >
        {d?.supervised && <span className="badge supervised">{t('cases.supervised')}</span>}
        {d && (
          <button type="button" className="btn-ghost small" onClick={() => focusCase(d)}>
            {t('cases.drawer.flyTo')}
          </button>
        )}
      </PanelHeader>
      <div className="scroll case-body">
        {error && <div className="form-error">{t('error.load', { message: error })}</div>}
        {!d && !error && <div className="empty">{t('loading')}</div>}
        {d && (
          <>
            <p className="case-description">{d.description}</p>
            <Facts d={d} light={light} />
            {d.pendingRequest && (
              <div className="pending">
                {t('cases.drawer.pending', {
                  kind: t(`cases.request.${d.pendingRequest.kind}`),
                  note: d.pendingRequest.note,
                })}
              </div>
            )}
            {d.photos.length > 0 && (
              <>
                <h3>{t('cases.drawer.photos')}</h3>
                <div className="photos" data-testid="case-photos">
                  {d.photos.map((p) => (
                    <CasePhoto key={p.sha256} sha256={p.sha256} onOpen={setPhoto} />
                  ))}
                </div>
              </>
            )}
            {(can(me, 'cases.act') || d.allowedActions.length > 0) && (
              <CaseActions detail={d} onDone={setDetail} onConflict={reload} />
            )}
            <h3>{t('cases.drawer.timeline')}</h3>
            <CaseTimeline detail={d} onPhoto={setPhoto} />
          </>
        )}
      </div>
      {photo && (
        <button type="button" className="photo-viewer" onClick={() => setPhoto(null)}>
          <img src={photo} alt="" />
        </button>
      )}
    </section>
  );
}
