import { useState } from 'react';
import type { RegionNode } from '../../../contracts/regions.ts';
import { fetchRegionDetail } from '../api/regionDetail.ts';
import { useT } from '../i18n/index.ts';
import { useRegions } from '../store/regions.ts';
import { useUi } from '../store/ui.ts';

/** Choosing a region: the summary shows it and the camera flies to its bbox. */
async function chooseRegion(code: string): Promise<void> {
  useUi.getState().selectRegion(code);
  const detail = await fetchRegionDetail(code);
  if (useUi.getState().selectedRegionCode === code)
    useUi.getState().flyTo({ kind: 'bbox', bbox: detail.bbox });
}

function Node({ node, depth }: { node: RegionNode; depth: number }) {
  // Districts and streets start open; communities (whose children are the many grid cells) closed.
  const [open, setOpen] = useState(node.level === 'district' || node.level === 'street');
  const selected = useUi((s) => s.selectedRegionCode === node.code);
  const hasChildren = node.children.length > 0;
  return (
    <li>
      <div
        className={`region-node level-${node.level}${selected ? ' selected' : ''}`}
        data-testid="region-node"
        data-code={node.code}
        style={{ paddingLeft: `${depth * 1.1 + 0.4}rem` }}
      >
        <button
          className="twisty"
          type="button"
          aria-label={open ? 'collapse' : 'expand'}
          aria-expanded={hasChildren ? open : undefined}
          disabled={!hasChildren}
          onClick={() => setOpen(!open)}
        >
          {hasChildren ? (open ? '▾' : '▸') : '·'}
        </button>
        <button
          className="region-name"
          type="button"
          onClick={() => void chooseRegion(node.code).catch(console.error)}
        >
          {node.name}
          {hasChildren && <span className="count">{node.children.length}</span>}
        </button>
      </div>
      {open && hasChildren && (
        <ul>
          {node.children.map((c) => (
            <Node key={c.code} node={c} depth={depth + 1} />
          ))}
        </ul>
      )}
    </li>
  );
}

export function RegionTree() {
  const t = useT();
  const tree = useRegions((s) => s.tree);
  const areaBbox = useRegions((s) => s.areaBbox);
  const anySelected = useUi((s) => s.selectedRegionCode !== null);
  const showAll = () => {
    useUi.getState().selectRegion(null);
    if (areaBbox) useUi.getState().flyTo({ kind: 'bbox', bbox: areaBbox });
  };
  return (
    <section className="panel region-tree" data-testid="region-tree">
      <header className="panel-head">
        <h2>{t('region.title')}</h2>
        <button className={`chip${anySelected ? '' : ' on'}`} type="button" onClick={showAll}>
          {t('region.all')}
        </button>
      </header>
      <ul className="tree scroll">
        {tree.map((n) => (
          <Node key={n.code} node={n} depth={0} />
        ))}
      </ul>
    </section>
  );
}
