import { useState, type FormEvent } from 'react';
import { ACTION_NEEDS, type CaseAction, type CaseDetail } from '../../../contracts/cases.ts';
import { ApiError } from '../api/http.ts';
import { useT, type MessageKey } from '../i18n/index.ts';
import { actOnCase } from './casesApi.ts';
import { labelOf } from './labels.ts';

type Field = NonNullable<(typeof ACTION_NEEDS)[CaseAction]>[number];
const FIELD_LABEL: Record<Field, MessageKey> = {
  note: 'cases.act.note',
  department: 'cases.act.department',
  toGridCode: 'cases.act.toGridCode',
  extraMinutes: 'cases.act.extraMinutes',
  satisfaction: 'cases.act.satisfaction',
};
/** Departments a command centre dispatches to most (free text: the list only saves typing). */
const DEPARTMENTS = [
  '城管执法局',
  '公安分局',
  '住建委',
  '市场监管局',
  '环卫所',
  '消防救援站',
  '民政局',
  '街道办事处',
];
/** Actions that change nothing irreversible go in one click; the rest ask to confirm. */
const ONE_CLICK: CaseAction[] = ['register', 'accept', 'supervise', 'unsupervise'];

/**
 * Exactly the actions the server says this caller may take now (`allowedActions`). An action that
 * needs more (a department, a note …) opens its small form; a stale version answers 409 and the
 * drawer refreshes to the current state.
 */
export function CaseActions({
  detail,
  onDone,
  onConflict,
}: {
  detail: CaseDetail;
  onDone(d: CaseDetail): void;
  onConflict(): Promise<CaseDetail | null>;
}) {
  const t = useT();
  const [chosen, setChosen] = useState<CaseAction | null>(null);
  const [values, setValues] = useState<Partial<Record<Field, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const needs: readonly Field[] = chosen ? (ACTION_NEEDS[chosen] ?? []) : [];

  const run = async (action: CaseAction) => {
    const missing = (ACTION_NEEDS[action] ?? []).filter((f) => !values[f]?.trim());
    if (missing.length)
      return setError(t('cases.act.missing', { field: missing.map((f) => t(FIELD_LABEL[f])).join('、') }));
    setBusy(true);
    setError(null);
    try {
      const num = (f: Field) => (values[f]?.trim() ? Number(values[f]) : undefined);
      const done = await actOnCase(detail.id, {
        action,
        version: detail.version,
        note: values.note?.trim() || undefined,
        department: values.department?.trim() || undefined,
        toGridCode: values.toGridCode?.trim() || undefined,
        extraMinutes: num('extraMinutes'),
        satisfaction: num('satisfaction'),
      });
      setChosen(null);
      setValues({});
      onDone(done);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const current = await onConflict();
        setChosen(null);
        setError(t('cases.drawer.conflict', { state: current ? labelOf(t, 'state', current.state) : '?' }));
      } else setError(t('cases.drawer.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };

  const choose = (a: CaseAction) => {
    setError(null);
    if (ONE_CLICK.includes(a)) return void run(a);
    setChosen(a === chosen ? null : a);
  };
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (chosen) void run(chosen);
  };

  return (
    <div className="case-actions" data-testid="case-actions">
      {detail.allowedActions.length === 0 ? (
        <div className="hint">{t('cases.drawer.noActions')}</div>
      ) : (
        <div className="action-buttons">
          {detail.allowedActions.map((a) => (
            <button
              key={a}
              type="button"
              data-testid={`case-action-${a}`}
              className={`btn-action${a === chosen ? ' on' : ''}${a.includes('reject') || a === 'dismiss' || a === 'deny_request' ? ' warn' : ''}`}
              disabled={busy}
              onClick={() => choose(a)}
            >
              {labelOf(t, 'action', a)}
            </button>
          ))}
        </div>
      )}
      {chosen && (
        <form className="action-form" onSubmit={submit}>
          {needs
            .filter((f) => f !== 'note')
            .map((f) => (
              <label key={f}>
                <span>{t(FIELD_LABEL[f])}</span>
                <input
                  data-testid={`action-${f}`}
                  list={f === 'department' ? 'case-departments' : undefined}
                  inputMode={f === 'extraMinutes' || f === 'satisfaction' ? 'numeric' : undefined}
                  value={values[f] ?? ''}
                  onChange={(e) => setValues((v) => ({ ...v, [f]: e.target.value }))}
                />
              </label>
            ))}
          <label>
            <span>{t('cases.act.note')}</span>
            <textarea
              data-testid="action-note"
              rows={2}
              maxLength={1000}
              placeholder={t('cases.act.notePlaceholder')}
              value={values.note ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, note: e.target.value }))}
            />
          </label>
          <div className="form-row">
            <button type="submit" className="btn-primary" data-testid="case-action-confirm" disabled={busy}>
              {t('cases.act.confirm', { action: labelOf(t, 'action', chosen) })}
            </button>
            <button type="button" className="btn-ghost" onClick={() => setChosen(null)}>
              {t('cases.act.cancel')}
            </button>
          </div>
          <datalist id="case-departments">
            {DEPARTMENTS.map((d) => (
              <option key={d} value={d} />
            ))}
          </datalist>
        </form>
      )}
      {error && (
        <div className="form-error" role="alert" data-testid="case-action-error">
          {error}
        </div>
      )}
    </div>
  );
}
