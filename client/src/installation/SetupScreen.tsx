import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/http.ts';
import { login } from '../api/session.ts';
import { useT } from '../i18n/index.ts';
import { LangToggle } from '../panels/LangToggle.tsx';
import { createFirstAdmin, loadInstallation } from './installationApi.ts';
import { useInstallation } from './installationStore.ts';

/**
 * The first start without the demo: the first administrator (the whole installation), made only
 * from the machine the server runs on; from elsewhere the page says how instead. Logs in after.
 */
export function SetupScreen() {
  const t = useT();
  const local = useInstallation((s) => s.info?.local ?? false);
  const [username, setUsername] = useState('admin');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (password !== again) {
      setError(t('setup.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await createFirstAdmin({ username, displayName, password });
      await loadInstallation();
      await login({ username, password });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'already_set_up') await loadInstallation();
      setError(e instanceof ApiError ? `${e.message}${e.field ? ` (${e.field})` : ''}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="login-card panel setup-card" data-testid="setup-form" onSubmit={(e) => void submit(e)}>
        <div className="login-lang">
          <LangToggle />
        </div>
        <h1 className="login-title">{t('title')}</h1>
        <div className="login-subtitle">{t('subtitle')}</div>
        <h2>{t('setup.title')}</h2>
        <p className="login-note">{t('setup.intro')}</p>
        {!local ? (
          <div className="form-error" role="alert" data-testid="setup-not-local">
            {t('setup.notLocal')}
            <pre className="setup-command">
              npm run users -- create --username admin --role admin --jurisdiction ""
            </pre>
          </div>
        ) : (
          <>
            <label>
              <span>{t('login.username')}</span>
              <input
                data-testid="setup-username"
                autoComplete="username"
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
            </label>
            <label>
              <span>{t('setup.displayName')}</span>
              <input
                data-testid="setup-display-name"
                value={displayName}
                onChange={(e) => setDisplayName(e.target.value)}
              />
            </label>
            <label>
              <span>{t('login.password')}</span>
              <input
                data-testid="setup-password"
                type="password"
                autoComplete="new-password"
                required
                minLength={10}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <label>
              <span>{t('setup.again')}</span>
              <input
                data-testid="setup-again"
                type="password"
                autoComplete="new-password"
                required
                value={again}
                onChange={(e) => setAgain(e.target.value)}
              />
            </label>
            {error && (
              <div className="form-error" role="alert">
                {error}
              </div>
            )}
            <button className="btn-primary" data-testid="setup-submit" type="submit" disabled={busy}>
              {busy ? t('login.busy') : t('setup.submit')}
            </button>
          </>
        )}
      </form>
    </div>
  );
}
