import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { searchResultSchema, type SearchResult } from '../../../contracts/residents.ts';
import { api, ApiError } from '../api/http.ts';
import { useT } from '../i18n/index.ts';
import { can, useSession } from '../store/session.ts';
import { useUi } from '../store/ui.ts';
import { CareTags } from './CareTags.tsx';

type Hit = z.infer<typeof searchResultSchema>['hits'][number];

/** Picking a hit: the map flies to the building and lights the floor; the building panel opens. */
function chooseHit(hit: Hit): void {
  if (hit.buildingId === null || !hit.house) return;
  const ui = useUi.getState();
  ui.selectHouse({
    buildingId: hit.buildingId,
    houseId: hit.house.id,
    entrance: hit.house.entrance,
    floor: hit.house.floor,
  });
  ui.flyTo({ kind: 'building', buildingId: hit.buildingId });
}

function HitRow({ hit }: { hit: Hit }) {
  const t = useT();
  const where = hit.house
    ? `${hit.buildingName ?? hit.address ?? ''} · ${t('building.entrance', { n: hit.house.entrance })} ${t('building.floor', { n: hit.house.floor })} ${hit.house.room}`
    : t('search.noHouse');
  return (
    <li>
      <button
        className="hit"
        data-testid="search-hit"
        type="button"
        disabled={!hit.house}
        onClick={() => chooseHit(hit)}
      >
        <span className="hit-name">{hit.name}</span>
        <span className="hit-meta">
          {t(`sex.${hit.sex}`)} · {hit.age} ·{' '}
          <span className={`cat cat-${hit.category}`}>{t(`category.${hit.category}`)}</span>
        </span>
        <span className="hit-id mono">{hit.idNumber}</span>
        <span className="hit-where">{where}</span>
        <CareTags tags={hit.careTags} keyTags={hit.keyTags} />
      </button>
    </li>
  );
}

/** 以人找房: by name, ID number or phone. Searches only on Enter: every search is audited. */
export function SearchBox() {
  const t = useT();
  const me = useSession((s) => s.me);
  const [q, setQ] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!can(me, 'people.search')) return null;

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const query = q.trim();
    if (query.length < 2) return setError(t('search.hint'));
    setBusy(true);
    setError(null);
    try {
      setResult(await api(`/api/residents/search?q=${encodeURIComponent(query)}`, searchResultSchema));
    } catch (e) {
      setResult(null);
      setError(
        e instanceof ApiError && e.status === 400 ? e.message : t('error.load', { message: String(e) }),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel search">
      <header className="panel-head">
        <h2>{t('search.title')}</h2>
      </header>
      <form className="search-form" onSubmit={(e) => void submit(e)} role="search">
        <input
          data-testid="search-input"
          type="search"
          value={q}
          maxLength={32}
          placeholder={t('search.placeholder')}
          title={t('search.hint')}
          onChange={(e) => setQ(e.target.value)}
        />
        <button className="btn-primary" type="submit" disabled={busy} aria-label={t('search.title')}>
          ⌕
        </button>
      </form>
      <div className="hint">{t('search.hint')}</div>
      {error && (
        <div className="form-error" role="alert">
          {error}
        </div>
      )}
      {result && result.hits.length === 0 && <div className="empty">{t('search.none')}</div>}
      {result && result.hits.length > 0 && (
        <ul className="hits scroll">
          {result.hits.map((h) => (
            <HitRow key={h.id} hit={h} />
          ))}
        </ul>
      )}
      {result?.truncated && (
        <div className="hint">{t('search.truncated', { count: result.hits.length })}</div>
      )}
    </section>
  );
}
