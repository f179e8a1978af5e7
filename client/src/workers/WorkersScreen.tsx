import { can, useSession } from '../store/session.ts';
import { PlaybackPanel } from './PlaybackPanel.tsx';
import { useWorkersFeed } from './useWorkersFeed.ts';
import { WorkerCard } from './WorkerCard.tsx';
import '../styles/workers.css';

/** The screen's grid-worker parts: the live feed, the worker card and the playback panel. */
export function WorkersScreen() {
  const allowed = useSession((s) => can(s.me, 'workers.read'));
  useWorkersFeed(allowed);
  if (!allowed) return null;
  return (
    <>
      <div className="workers-card-slot">
        <WorkerCard />
      </div>
      <PlaybackPanel />
    </>
  );
}
