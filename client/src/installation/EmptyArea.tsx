import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useInstallation } from './installationStore.ts';

/** The commands that bring a customer's city in, in the order they are run (README: Your own city). */
const STEPS: { key: 'regions' | 'roads' | 'buildings' | 'houses' | 'grid' | 'users'; command: string }[] = [
  { key: 'regions', command: 'npm run import -- regions districts.geojson [--crs EPSG:4549] [--from gcj02]' },
  { key: 'roads', command: 'npm run import -- roads roads.geojson' },
  { key: 'buildings', command: 'npm run import -- buildings buildings.geojson --height-field height' },
  {
    key: 'houses',
    command: 'npm run import -- houses houses.csv && npm run import -- residents residents.csv',
  },
  { key: 'grid', command: 'npm run grid -- divide --region 440305001001 --households 300' },
  { key: 'users', command: 'npm run users -- create --username leader --role leader --jurisdiction 440305' },
];

/**
 * The screen of a jurisdiction with no buildings yet: what is there, what to import and how.
 * Administrators see the commands; everyone else is told whom to ask.
 */
export function EmptyArea() {
  const t = useT();
  const area = useInstallation((s) => s.area);
  const me = useSession((s) => s.me);
  if (!area || area.counts.buildings > 0) return null;
  const admin = can(me, 'regions.manage');
  return (
    <section className="panel empty-area" data-testid="empty-area" role="status">
      <header className="panel-head">
        <h2>{t('empty.title')}</h2>
      </header>
      <p>
        {t('empty.counts', {
          regions: area.counts.regions,
          grids: area.counts.grids,
          buildings: area.counts.buildings,
          roads: area.counts.roads,
        })}
      </p>
      {admin ? (
        <ol className="empty-steps">
          {STEPS.map((s) => (
            <li key={s.key} data-step={s.key}>
              <div>{t(`empty.step.${s.key}`)}</div>
              <code>{s.command}</code>
            </li>
          ))}
        </ol>
      ) : (
        <p>{t('empty.askAdmin')}</p>
      )}
      {admin && <p className="login-note">{t('empty.readme')}</p>}
    </section>
  );
}
