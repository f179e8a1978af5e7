import { useEffect, useState } from 'react';
import { startSession } from './api/session.ts';
import { useT } from './i18n/index.ts';
import { EvaluationReport, reportPeriod } from './evaluation/EvaluationReport.tsx';
import { SetupScreen } from './installation/SetupScreen.tsx';
import { useInstallation } from './installation/installationStore.ts';
import { LoginScreen } from './panels/LoginScreen.tsx';
import { Screen } from './panels/Screen.tsx';
import { useSession } from './store/session.ts';
import { useUi } from './store/ui.ts';

export function App() {
  const t = useT();
  const status = useSession((s) => s.status);
  const lang = useUi((s) => s.lang);
  const setupNeeded = useInstallation((s) => s.info?.setupNeeded ?? false);
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    void startSession();
    const onHash = () => setHash(location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  if (status === 'loading') return <div className="loading">{t('loading')}</div>;
  if (status === 'anonymous') return setupNeeded ? <SetupScreen /> : <LoginScreen />;
  const report = reportPeriod(hash);
  return report ? <EvaluationReport period={report} /> : <Screen />;
}
