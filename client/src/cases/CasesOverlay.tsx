import '../styles/cases.css';
import { can, useSession } from '../store/session.ts';
import { CaseDrawer } from './CaseDrawer.tsx';
import { CasesFeed } from './CasesFeed.tsx';
import { CaseTicker } from './CaseTicker.tsx';
import { IntakeForm } from './IntakeForm.tsx';

/** Everything of cases on the information side: the live feed, the ticker with filters, the drawer, intake. */
export function CasesOverlay() {
  const me = useSession((s) => s.me);
  if (!can(me, 'cases.read')) return null;
  return (
    <>
      <CasesFeed />
      <div className="cases-bottom">
        <CaseTicker />
      </div>
      <div className="cases-right">
        <CaseDrawer />
        <IntakeForm />
      </div>
    </>
  );
}
