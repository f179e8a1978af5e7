import { useT } from '../i18n/index.ts';
import { useOccupancy } from '../occupancy/occupancyStore.ts';
import { can, useSession } from '../store/session.ts';
import EvaluationBoard from './EvaluationBoard.tsx';
import { useEvaluation } from './evaluationStore.ts';
import '../styles/evaluation.css';

/** The left panel's entry to 考核排名 (one analysis board over the map at a time). */
export function EvaluationPanel() {
  const t = useT();
  const me = useSession((s) => s.me);
  const open = useEvaluation((s) => s.open);
  if (!can(me, 'cases.read')) return null;
  const toggle = () => {
    if (!open) useOccupancy.getState().set({ open: false });
    useEvaluation.getState().set({ open: !open });
  };
  return (
    <section className="panel occ-panel" data-testid="eval-panel">
      <header className="panel-head">
        <h2>{t('eval.title')}</h2>
        <button
          className={`chip${open ? ' on' : ''}`}
          type="button"
          data-testid="eval-toggle"
          onClick={toggle}
        >
          {open ? t('occ.close') : t('occ.open')}
        </button>
      </header>
    </section>
  );
}

export function EvaluationOverlay() {
  const open = useEvaluation((s) => s.open);
  return open ? <EvaluationBoard /> : null;
}
