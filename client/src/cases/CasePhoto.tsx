import { useEffect, useState } from 'react';
import { fetchPhotoUrl } from './casesApi.ts';

/** One photo thumbnail; a click opens it full size in the drawer's own viewer (no new tab: wall screens). */
export function CasePhoto({ sha256, onOpen }: { sha256: string; onOpen?(url: string): void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const ctrl = new AbortController();
    let made: string | null = null;
    fetchPhotoUrl(sha256, ctrl.signal).then(
      (u) => {
        made = u;
        setUrl(u);
      },
      () => !ctrl.signal.aborted && setFailed(true),
    );
    return () => {
      ctrl.abort();
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha256]);
  if (failed) return <span className="photo photo-missing">✕</span>;
  if (!url) return <span className="photo photo-loading" />;
  return (
    <button type="button" className="photo" data-testid="case-photo" onClick={() => onOpen?.(url)}>
      <img src={url} alt="" />
    </button>
  );
}
