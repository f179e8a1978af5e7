import { useEffect, useState } from 'react';
import { logout } from '../api/session.ts';
import { CasesToggle } from '../cases/CasesToggle.tsx';
import { useT } from '../i18n/index.ts';
import { useRegions } from '../store/regions.ts';
import { useSession } from '../store/session.ts';
import { useUi, type ColorMetric } from '../store/ui.ts';
import { LangToggle } from './LangToggle.tsx';
import { WorkersTools } from '../workers/WorkersTools.tsx';

const METRICS: ColorMetric[] = ['occupancy', 'floating', 'rented', 'use'];

function Clock() {
  const lang = useUi((s) => s.lang);
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(id);
  }, []);
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  return (
    <div className="clock">
      <span className="clock-time">{now.toLocaleTimeString(locale, { hour12: false })}</span>
      <span className="clock-date">
        {now.toLocaleDateString(locale, { year: 'numeric', month: '2-digit', day: '2-digit' })}{' '}
        {now.toLocaleDateString(locale, { weekday: 'long' })}
      </span>
    </div>
  );
}

function ModeToggle() {
  const t = useT();
  const mode = useUi((s) => s.mode);
  const setMode = useUi((s) => s.setMode);
  return (
    <div className="seg" data-testid="mode-toggle" role="group" aria-label="2D/3D">
      <button className={mode === '2d' ? 'on' : ''} onClick={() => setMode('2d')} type="button">
        {t('mode.2d')}
      </button>
      <button className={mode === '3d' ? 'on' : ''} onClick={() => setMode('3d')} type="button">
        {t('mode.3d')}
      </button>
    </div>
  );
}

function MetricSelect() {
  const t = useT();
  const metric = useUi((s) => s.colorMetric);
  const setMetric = useUi((s) => s.setColorMetric);
  return (
    <label className="metric">
      <span>{t('metric.label')}</span>
      <select
        data-testid="metric-select"
        value={metric}
        onChange={(e) => setMetric(e.target.value as ColorMetric)}
      >
        {METRICS.map((m) => (
          <option key={m} value={m}>
            {t(`metric.${m}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Caller() {
  const t = useT();
  const me = useSession((s) => s.me);
  const areaName = useAreaName();
  if (!me) return null;
  const role = me.kind === 'display' ? t('role.display') : t(`role.${me.role}`);
  return (
    <div className="caller">
      <span className="caller-name">{me.name}</span>
      <span className="caller-role">{role}</span>
      <span className="caller-area">{areaName ?? (me.jurisdiction || t('jurisdiction.all'))}</span>
    </div>
  );
}

/** The name of the caller's top region(s), e.g. 红桥区 or 西于庄街道. */
function useAreaName(): string | null {
  const tree = useRegions((s) => s.tree);
  return tree.length ? tree.map((r) => r.name).join('、') : null;
}

export function TopBar() {
  const t = useT();
  return (
    <header className="topbar" data-testid="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden />
        <h1>{t('title')}</h1>
        <span className="brand-sub">{t('subtitle')}</span>
      </div>
      <Clock />
      <div className="topbar-tools">
        <ModeToggle />
        <MetricSelect />
        <CasesToggle />
        <WorkersTools />
        <LangToggle />
        <Caller />
        <button className="btn-ghost" type="button" onClick={() => void logout()}>
          {t('logout')}
        </button>
      </div>
    </header>
  );
}
