import { useState, type FormEvent } from 'react';
import {
  unmaskBodySchema,
  unmaskedResidentSchema,
  type UnmaskedResident,
} from '../../../contracts/residents.ts';
import { api, ApiError } from '../api/http.ts';
import { useT } from '../i18n/index.ts';

function FullRecord({ u }: { u: UnmaskedResident }) {
  const t = useT();
  const rows: [string, string][] = [
    [t('resident.idNumber'), u.idNumber],
    [t('resident.phone'), u.phone ?? '—'],
    [t('resident.birthDate'), u.birthDate],
    [
      t('resident.room'),
      u.house ? `${t('building.entrance', { n: u.house.entrance })} ${u.house.room}` : '—',
    ],
  ];
  return (
    <div className="unmasked">
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
      <div className="audit-note">{t('unmask.audited')}</div>
    </div>
  );
}

/** 查看完整信息: asks for a reason (≥ 4 characters), which the server writes to the audit log first. */
export function UnmaskButton({ residentId }: { residentId: number }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [full, setFull] = useState<UnmaskedResident | null>(null);
  if (full) return <FullRecord u={full} />;
  if (!asking)
    return (
      <button className="btn-ghost small" type="button" onClick={() => setAsking(true)}>
        {t('unmask.button')}
      </button>
    );

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const body = unmaskBodySchema.safeParse({ reason });
    if (!body.success) return setError(t('unmask.reason'));
    try {
      setFull(
        await api(`/api/residents/${residentId}/unmask`, unmaskedResidentSchema, {
          method: 'POST',
          body: body.data,
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <form className="unmask-form" onSubmit={(e) => void submit(e)}>
      <input
        autoFocus
        value={reason}
        maxLength={200}
        placeholder={t('unmask.reason')}
        onChange={(e) => setReason(e.target.value)}
      />
      <button className="btn-primary small" type="submit">
        {t('unmask.confirm')}
      </button>
      <button className="btn-ghost small" type="button" onClick={() => setAsking(false)}>
        {t('unmask.cancel')}
      </button>
      {error && <div className="form-error">{error}</div>}
    </form>
  );
}
