import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/http.ts';
import { login } from '../api/session.ts';
import { useT, type Translate } from '../i18n/index.ts';
import { LangToggle } from './LangToggle.tsx';

/** What the login answer means to a person at the keyboard. */
function loginError(t: Translate, e: unknown): string {
  if (e instanceof ApiError && e.status === 401) return t('login.wrong');
  if (e instanceof ApiError && e.status === 429) {
    const minutes = Math.max(1, Math.ceil((e.retryAfterS ?? 60) / 60));
    // Both a lockout (failed passwords) and the per-IP rate limit answer 429; the message says which.
    return /failed/i.test(e.message) ? t('login.locked', { minutes }) : t('login.rateLimited', { minutes });
  }
  return t('login.failed', { message: e instanceof Error ? e.message : String(e) });
}

export function LoginScreen() {
  const t = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ username, password });
    } catch (e) {
      setError(loginError(t, e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="login-card panel" data-testid="login-form" onSubmit={(e) => void submit(e)}>
        <div className="login-lang">
          <LangToggle />
        </div>
        <h1 className="login-title">{t('title')}</h1>
        <div className="login-subtitle">{t('subtitle')}</div>
        <h2>{t('login.title')}</h2>
        <label>
          <span>{t('login.username')}</span>
          <input
            data-testid="login-username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          <span>{t('login.password')}</span>
          <input
            data-testid="login-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <div className="form-error" role="alert">
            {error}
          </div>
        )}
        <button className="btn-primary" data-testid="login-submit" type="submit" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <p className="login-note">{t('login.note')}</p>
      </form>
    </div>
  );
}
