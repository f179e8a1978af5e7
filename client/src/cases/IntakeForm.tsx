import { useState, type FormEvent } from 'react';
import { CASE_CATEGORIES, type CaseMajor, type PlaceHit } from '../../../contracts/cases.ts';
import { ApiError } from '../api/http.ts';
import { useT } from '../i18n/index.ts';
import { useUi } from '../store/ui.ts';
import { intakeCase, searchPlaces } from './casesApi.ts';
import { useCases } from './casesStore.ts';
import { focusCase } from './focusCase.ts';
import { labelOf } from './labels.ts';

const MAJORS = Object.keys(CASE_CATEGORIES) as CaseMajor[];

/** Finds a building by name or address (the same buildings the map draws) and takes its place. */
function PlaceSearch() {
  const t = useT();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<PlaceHit[] | null>(null);
  const [busy, setBusy] = useState(false);
  const search = async () => {
    if (q.trim().length < 1) return;
    setBusy(true);
    try {
      setHits(await searchPlaces(q.trim()));
    } catch {
      setHits([]);
    } finally {
      setBusy(false);
    }
  };
  const choose = (h: PlaceHit) => {
    useCases.getState().setPicked({ point: h.point, buildingId: h.buildingId, label: h.name ?? h.address });
    useUi.getState().flyTo({ kind: 'building', buildingId: h.buildingId });
    setHits(null);
  };
  return (
    <div className="place-search">
      <div className="form-row">
        <input
          data-testid="intake-place-q"
          type="search"
          value={q}
          maxLength={64}
          placeholder={t('cases.intake.search')}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void search();
            }
          }}
        />
        <button
          type="button"
          className="btn-ghost"
          disabled={busy}
          onClick={() => void search()}
          aria-label={t('cases.intake.search')}
        >
          ⌕
        </button>
      </div>
      {hits && hits.length === 0 && <div className="empty">{t('cases.intake.noPlace')}</div>}
      {hits && hits.length > 0 && (
        <ul className="place-hits">
          {hits.map((h) => (
            <li key={h.buildingId}>
              <button type="button" data-testid="intake-place-hit" onClick={() => choose(h)}>
                <b>{h.name ?? h.address ?? `#${h.buildingId}`}</b>
                {h.name && h.address && <span className="muted"> {h.address}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** 社情民意登记: an operator registers a hotline call; the place comes from the map or a building search. */
export function IntakeForm() {
  const t = useT();
  const open = useCases((s) => s.intakeOpen);
  const picking = useCases((s) => s.picking);
  const picked = useCases((s) => s.picked);
  const [major, setMajor] = useState<CaseMajor>('city');
  const [minor, setMinor] = useState<string>(CASE_CATEGORIES.city[0]);
  const [description, setDescription] = useState('');
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [address, setAddress] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!open) return null;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!picked) return setError(t('cases.intake.needPlace'));
    setBusy(true);
    setError(null);
    try {
      const created = await intakeCase({
        category: { major, minor },
        description: description.trim(),
        point: picked.point,
        ...(picked.buildingId !== null ? { buildingId: picked.buildingId } : {}),
        ...(address.trim() ? { address: address.trim() } : {}),
        reporter: {
          ...(name.trim() ? { name: name.trim() } : {}),
          ...(phone.trim() ? { phone: phone.trim() } : {}),
        },
      });
      setDescription('');
      setName('');
      setPhone('');
      setAddress('');
      useCases.getState().openIntake(false);
      focusCase(created);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      setError(
        e instanceof ApiError && e.code === 'duplicate'
          ? t('cases.intake.duplicate', { message })
          : t('cases.intake.failed', { message }),
      );
    } finally {
      setBusy(false);
    }
  };

  const place = picked
    ? (picked.label ??
      t('cases.intake.mapPoint', { lon: picked.point[0].toFixed(5), lat: picked.point[1].toFixed(5) }))
    : null;
  return (
    <section className="panel intake-form" data-testid="intake-form">
      <header className="panel-head">
        <h2>{t('cases.intake.title')}</h2>
        <button
          className="close"
          type="button"
          aria-label={t('cases.drawer.close')}
          onClick={() => useCases.getState().openIntake(false)}
        >
          ✕
        </button>
      </header>
      <form className="scroll intake-body" onSubmit={(e) => void submit(e)}>
        <div className="form-row">
          <label>
            <span>{t('cases.intake.major')}</span>
            <select
              data-testid="intake-major"
              value={major}
              onChange={(e) => {
                const m = e.target.value as CaseMajor;
                setMajor(m);
                setMinor(CASE_CATEGORIES[m][0]);
              }}
            >
              {MAJORS.map((m) => (
                <option key={m} value={m}>
                  {t(`cases.major.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('cases.intake.minor')}</span>
            <select data-testid="intake-minor" value={minor} onChange={(e) => setMinor(e.target.value)}>
              {CASE_CATEGORIES[major].map((m) => (
                <option key={m} value={m}>
                  {labelOf(t, 'minor', m)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label>
          <span>{t('cases.intake.description')}</span>
          <textarea
            data-testid="intake-description"
            rows={3}
            required
            minLength={4}
            maxLength={2000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        <div className="form-row">
          <label>
            <span>{t('cases.intake.reporterName')}</span>
            <input
              data-testid="intake-name"
              maxLength={32}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label>
            <span>{t('cases.intake.reporterPhone')}</span>
            <input
              data-testid="intake-phone"
              inputMode="tel"
              pattern="[0-9]{6,15}"
              maxLength={15}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
            />
          </label>
        </div>
        <fieldset className="intake-place">
          <legend>{t('cases.intake.place')}</legend>
          <div className="form-row">
            <button
              type="button"
              data-testid="intake-pick"
              className={`btn-ghost${picking ? ' on' : ''}`}
              aria-pressed={picking}
              onClick={() => useCases.getState().setPicking(!picking)}
            >
              ⊕ {t('cases.intake.pickOnMap')}
            </button>
            <span className="picked" data-testid="intake-picked">
              {picking ? t('cases.intake.picking') : (place ?? '—')}
            </span>
          </div>
          <PlaceSearch />
          <label>
            <span>{t('cases.intake.address')}</span>
            <input maxLength={200} value={address} onChange={(e) => setAddress(e.target.value)} />
          </label>
        </fieldset>
        {error && (
          <div className="form-error" role="alert" data-testid="intake-error">
            {error}
          </div>
        )}
        <button type="submit" className="btn-primary" data-testid="intake-submit" disabled={busy}>
          {busy ? t('cases.intake.busy') : t('cases.intake.submit')}
        </button>
      </form>
    </section>
  );
}
