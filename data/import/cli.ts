/**
 * npm run import -- regions|roads|buildings|houses|residents FILE [options]
 * Thin layer over the importers: parses argv, opens the database, prints a summary and writes the
 * full per-row report as JSON.
 * Exit 0 when the import ran (even with rejected rows); 1 for a fatal problem; 2 for bad usage.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDb } from '../../server/src/db/open.ts';
import { importBuildings } from './importBuildings.ts';
import { importHouses } from './importHouses.ts';
import { importResidents } from './importResidents.ts';
import type { RegionLevel } from '../../contracts/regions.ts';
import { parseCoordOptions } from './coords.ts';
import { readFeatures } from './features.ts';
import { importRegions, LEVELS, type RegionsReport } from './importRegions.ts';
import { importRoads } from './importRoads.ts';
import { baseName, readImportFile } from './input.ts';
import { progressReporter } from './progress.ts';
import { ImportFatalError, type ImportReport } from './report.ts';

const USAGE = `usage: npm run import -- <regions|roads|buildings|houses|residents> FILE [--report FILE]
  regions, roads, buildings: FILE is GeoJSON (.geojson/.json, gzip too) or a Shapefile (.shp + .dbf)
    --crs EPSG:N     coordinates in that CRS (CGCS2000 4490, its Gauss-Krüger zones 4491–4554, UTM, …)
    --from gcj02|bd09  lon/lat with a Chinese web map's offset (AMap/Tencent, Baidu), removed
    --encoding E     Shapefile attributes' encoding (default utf-8; gbk for most Chinese DBFs)
  regions options:   --level district|street|community|grid --code-field F --name-field F
                     --level-field F --parent-field F
  roads options:     --source NAME (a re-import of the same source replaces it)
  buildings options: --source NAME --id-field F --name-field F --height-field F --floors-field F
                     --use-field F --default-floors N`;

async function main(argv: string[]): Promise<number> {
  const { values: o, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      'id-field': { type: 'string' },
      'name-field': { type: 'string' },
      'height-field': { type: 'string' },
      'floors-field': { type: 'string' },
      'use-field': { type: 'string' },
      'default-floors': { type: 'string' },
      crs: { type: 'string' },
      from: { type: 'string' },
      encoding: { type: 'string' },
      level: { type: 'string' },
      'code-field': { type: 'string' },
      'level-field': { type: 'string' },
      'parent-field': { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [kind, file] = positionals;
  if (o.help || !file || !['regions', 'roads', 'buildings', 'houses', 'residents'].includes(kind ?? '')) {
    console.error(USAGE);
    return o.help ? 0 : 2;
  }
  const defaultFloors = o['default-floors'] === undefined ? undefined : Number(o['default-floors']);
  if (
    defaultFloors !== undefined &&
    !(Number.isInteger(defaultFloors) && defaultFloors >= 1 && defaultFloors <= 200)
  ) {
    console.error('--default-floors must be an integer 1–200');
    return 2;
  }
  if (o.level !== undefined && !LEVELS.includes(o.level as RegionLevel)) {
    console.error('--level must be district, street, community or grid');
    return 2;
  }
  const coords = parseCoordOptions(o.crs, o.from);
  const spatial = kind === 'regions' || kind === 'roads' || kind === 'buildings';
  const features = spatial
    ? await readFeatures(file, { encoding: o.encoding, crsGiven: o.crs !== undefined })
    : [];
  const input = kind === 'houses' || kind === 'residents' ? readImportFile(file) : undefined;
  const db = await openDb({
    databaseUrl: process.env.DATABASE_URL,
    dataDir: process.env.DATA_DIR ?? './.data',
  });
  const progress = progressReporter(`import ${kind}`);
  const started = Date.now();
  let report: ImportReport;
  try {
    if (kind === 'regions') {
      report = await importRegions(db, file, features, {
        coords,
        level: o.level as RegionLevel | undefined,
        codeField: o['code-field'],
        nameField: o['name-field'],
        levelField: o['level-field'],
        parentField: o['parent-field'],
      });
    } else if (kind === 'roads') {
      report = await importRoads(db, file, features, { source: o.source ?? baseName(file), coords });
    } else if (kind === 'buildings') {
      const opts = {
        source: o.source,
        idField: o['id-field'],
        nameField: o['name-field'],
        heightField: o['height-field'],
        floorsField: o['floors-field'],
        useField: o['use-field'],
        defaultFloors,
      };
      report = await importBuildings(db, { file, features }, { ...opts, coords }, progress.onProgress);
    } else if (kind === 'houses') report = await importHouses(db, input!, {}, progress.onProgress);
    else report = await importResidents(db, input!, {}, progress.onProgress);
  } finally {
    progress.stop();
    await db.close();
  }
  const reportPath =
    o.report ?? `import-report-${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(reportPath, JSON.stringify(report, null, 2) + '\n');
  printSummary(report, (Date.now() - started) / 1000, reportPath);
  return 0;
}

function printSummary(r: ImportReport, seconds: number, reportPath: string): void {
  console.log(
    `${r.kind} from ${r.file}: ${r.total} rows, ${r.inserted} inserted, ${r.updated} updated, ${r.rejected.length} rejected` +
      `${r.repaired ? `, ${r.repaired} footprints repaired` : ''} in ${seconds.toFixed(1)} s`,
  );
  const byCode = new Map<string, number>();
  for (const x of r.rejected)
    byCode.set(`${x.field ?? '-'}/${x.code}`, (byCode.get(`${x.field ?? '-'}/${x.code}`) ?? 0) + 1);
  for (const [k, n] of [...byCode].sort((a, b) => b[1] - a[1])) console.log(`  rejected ${k}: ${n}`);
  for (const x of r.rejected.slice(0, 5))
    console.log(`  row ${x.row}${x.id ? ` (${x.id})` : ''}: ${x.reason}`);
  const extra = r as Partial<RegionsReport>;
  if (extra.coordinates) console.log(`  coordinates: ${extra.coordinates}`);
  if (extra.generated?.length) console.log(`  codes generated: ${extra.generated.length}`);
  for (const w of extra.warnings ?? [])
    console.log(
      `  warning ${w.code} ${w.region}${w.other ? ` / ${w.other}` : ''}: ${w.areaM2.toLocaleString('en')} m² (${(w.share * 100).toFixed(1)} %)`,
    );
  if (extra.reassigned)
    console.log(
      `  reassigned to grid cells: ${extra.reassigned.buildings} buildings, ${extra.reassigned.residents} residents`,
    );
  console.log(`full report: ${reportPath}`);
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(err instanceof ImportFatalError ? `import failed: ${err.message}` : err);
    process.exitCode = 1;
  },
);
