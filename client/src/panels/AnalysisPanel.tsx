import { EvaluationNews, EvaluationToggle } from '../evaluation/EvaluationPanel.tsx';
import { useT } from '../i18n/index.ts';
import { OccupancyToggle } from '../occupancy/OccupancyPanel.tsx';
import { can, useSession } from '../store/session.ts';

/**
 * 分析研判: the analysis boards that open over the map (one at a time), in one row of the left
 * column, with the evaluation's news for the wall under it.
 */
export function AnalysisPanel() {
  const t = useT();
  const me = useSession((s) => s.me);
  if (!can(me, 'buildings.read') && !can(me, 'cases.read')) return null;
  return (
    <section className="panel analysis-panel" data-testid="analysis-panel">
      <header className="panel-head">
        <h2>{t('analysis.title')}</h2>
        <span className="analysis-toggles">
          <OccupancyToggle />
          <EvaluationToggle />
        </span>
      </header>
      <EvaluationNews />
    </section>
  );
}
