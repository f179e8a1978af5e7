import { useEffect, useState } from 'react';
import { healthSchema, type Health } from '../../contracts/health.ts';
import { regionTreeSchema, type RegionNode } from '../../contracts/regions.ts';

/**
 * Server status and the region tree. The 3D command screen replaces this page; until then it shows
 * that the server, the database and the demo district are up.
 */
export function StatusPage() {
  const [health, setHealth] = useState<Health | null>(null);
  const [regions, setRegions] = useState<RegionNode[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([fetch('/api/health').then((r) => r.json()), fetch('/api/regions').then((r) => r.json())])
      .then(([h, t]) => {
        setHealth(healthSchema.parse(h));
        setRegions(regionTreeSchema.parse(t).regions);
      })
      .catch((e: unknown) => setError(String(e)));
  }, []);
  return (
    <main
      style={{
        fontFamily: 'system-ui, sans-serif',
        background: '#0b1220',
        color: '#e6edf7',
        minHeight: '100vh',
        padding: 32,
      }}
    >
      <h1>网格指挥中心 GridCenter</h1>
      {error && <p style={{ color: '#ff6b6b' }}>服务器不可用 / server unavailable: {error}</p>}
      {health && (
        <p>
          {health.engine === 'pglite' ? '嵌入式数据库 PGlite' : 'PostgreSQL'} {health.postgres} · PostGIS{' '}
          {health.postgis} · 楼栋 {health.counts?.buildings.toLocaleString()} · 房屋{' '}
          {health.counts?.houses.toLocaleString()} · 实有人口 {health.counts?.residents.toLocaleString()} ·
          网格员 {health.counts?.gridWorkers}
        </p>
      )}
      <Tree nodes={regions} />
    </main>
  );
}

function Tree({ nodes }: { nodes: RegionNode[] }) {
  return (
    <ul>
      {nodes.map((n) => (
        <li key={n.code}>
          {n.name} <small style={{ opacity: 0.6 }}>{n.code}</small>
          {n.level !== 'community' && n.children.length > 0 && <Tree nodes={n.children} />}
        </li>
      ))}
    </ul>
  );
}
