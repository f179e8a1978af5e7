import { useEffect, useState } from 'react';
import type { Division } from '../../../contracts/divisions.ts';
import { ApiError } from '../api/http.ts';
import { loadArea } from '../api/loadArea.ts';
import { clearRegionDetails } from '../api/regionDetail.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import {
  commitDivision,
  discardDivision,
  getDivision,
  listDivisions,
  proposeDivision,
} from './divisionsApi.ts';
import { cellTone, TONE_COLOR, useDivisions } from './divisionsStore.ts';

const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

/**
 * 网格划分 for an administrator: the selected community (or a street or district: each community)
 * divided into cells of about N households; the proposal is drawn on the map (DivisionLayer) and
 * listed here cell by cell, then committed — the cells become the grid regions — or discarded.
 * A proposal left open is shown again when its region is chosen.
 */
export function DivisionPanel() {
  const t = useT();
  const me = useSession((s) => s.me);
  const region = useUi((s) => s.selectedRegionCode);
  const proposal = useDivisions((s) => s.proposal);
  const [households, setHouseholds] = useState(300);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const divisible = region !== null && region.length < 15;

  // the newest open proposal of the chosen region comes back for review
  useEffect(() => {
    useDivisions.getState().setProposal(null);
    setNote(null);
    if (!divisible || !can(me, 'regions.manage')) return;
    let live = true;
    listDivisions(region)
      .then(async ({ divisions }) => {
        const open = divisions.find((d) => d.status === 'proposed');
        if (open && live) {
          const d = await getDivision(open.id);
          if (live) useDivisions.getState().setProposal(d);
        }
      })
      .catch(
        (e: unknown) =>
          live && setNote({ kind: 'error', text: t('division.failed', { message: message(e) }) }),
      );
    return () => {
      live = false;
    };
  }, [region, divisible, me, t]);

  if (!can(me, 'regions.manage')) return null;

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setNote(null);
    try {
      await fn();
    } catch (e) {
      setNote({ kind: 'error', text: t('division.failed', { message: message(e) }) });
    } finally {
      setBusy(false);
    }
  };
  const propose = () =>
    run(async () => {
      const d = await proposeDivision(region!, households);
      useDivisions.getState().setProposal(d);
      useUi.getState().flyTo({ kind: 'bbox', bbox: d.bbox });
    });
  const commit = (d: Division) =>
    run(async () => {
      const done = await commitDivision(d.id);
      useDivisions.getState().setProposal(null);
      setNote({ kind: 'done', text: t('division.committed', { cells: done.cells.features.length }) });
      // the new cells are regions now: tree, basemap outlines and summaries again
      clearRegionDetails();
      await loadArea();
    });
  const discard = (d: Division) =>
    run(async () => {
      await discardDivision(d.id);
      useDivisions.getState().setProposal(null);
    });

  const estimated = proposal?.report.communities.reduce((n, c) => n + c.estimatedBuildings, 0) ?? 0;
  return (
    <section className="panel division-panel" data-testid="division-panel">
      <header className="panel-head">
        <h2>{t('division.title')}</h2>
      </header>
      {!divisible ? (
        <p className="division-hint">{t('division.pick')}</p>
      ) : (
        <form
          className="division-form"
          onSubmit={(e) => {
            e.preventDefault();
            void propose();
          }}
        >
          <label>
            <span>{t('division.households')}</span>
            <input
              data-testid="division-households"
              type="number"
              min={10}
              max={5000}
              step={10}
              value={households}
              onChange={(e) => setHouseholds(Number(e.target.value))}
            />
          </label>
          <button className="btn-primary" data-testid="division-propose" type="submit" disabled={busy}>
            {busy ? t('division.busy') : t('division.propose')}
          </button>
        </form>
      )}
      {note && (
        <div className={note.kind === 'error' ? 'form-error' : 'division-done'} role="status">
          {note.text}
        </div>
      )}
      {proposal && (
        <div className="division-proposal" data-testid="division-proposal" data-id={proposal.id}>
          <div className="division-summary" data-testid="division-summary">
            {t('division.summary', {
              cells: proposal.spread.cells,
              within: Math.round(proposal.spread.withinShare * 100),
              min: proposal.spread.min,
              max: proposal.spread.max,
            })}
          </div>
          {estimated > 0 && <div className="division-note">{t('division.estimated', { n: estimated })}</div>}
          <div className="division-note">{t('division.legend')}</div>
          <ol className="division-cells scroll">
            {proposal.cells.features.map((f) => (
              <li key={f.id} data-testid="division-cell" data-households={f.properties.households}>
                <i
                  style={{ background: TONE_COLOR[cellTone(f.properties.households, proposal.households)] }}
                />
                <span>{t('division.cell', { ord: f.properties.ord })}</span>
                <span className="muted">
                  {t('division.cellHouseholds', {
                    households: f.properties.households,
                    buildings: f.properties.buildings,
                  })}
                </span>
              </li>
            ))}
          </ol>
          <div className="division-actions">
            <button
              className="btn-primary"
              data-testid="division-commit"
              type="button"
              disabled={busy}
              onClick={() => void commit(proposal)}
            >
              {t('division.commit')}
            </button>
            <button
              className="chip"
              data-testid="division-discard"
              type="button"
              disabled={busy}
              onClick={() => void discard(proposal)}
            >
              {t('division.discard')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
