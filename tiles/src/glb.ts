import { buildingUseSchema } from '../../contracts/buildings.ts';
import {
  BUILDING_PROPERTIES,
  TILES3D_CLASS,
  TILES3D_SCHEMA_ID,
  type TileBuildingProps,
} from '../../contracts/tiles3d.ts';
import type { MeshBuffers } from './mesh.ts';

/**
 * A compact GLB writer for one tile: a single quantized primitive (KHR_mesh_quantization:
 * positions uint16, normals int8, dequantized by the node's translation/scale), one feature ID set
 * (EXT_mesh_features) indexing a property table (EXT_structural_metadata). Hand-written instead
 * of @gltf-transform/core: the document is always the same shape, and building typed arrays
 * straight into one buffer avoids an object model per tile (not measured against it yet).
 */
const USES = buildingUseSchema.options;

type View = { data: Uint8Array; stride?: number; target?: number };

export function writeGlb(mesh: MeshBuffers, rows: readonly TileBuildingProps[]): Uint8Array {
  const views: View[] = [];
  const accessors: object[] = [];
  const view = (v: View) => views.push(v) - 1;
  const nV = mesh.vertexCount;

  // Positions: uint16 normalized in the box [min, max] of the tile's vertices.
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < nV * 3; i++) {
    const c = i % 3;
    const p = mesh.positions[i]!;
    if (p < min[c]!) min[c] = p;
    if (p > max[c]!) max[c] = p;
  }
  const scale = min.map((m, c) => Math.max(max[c]! - m, 1e-3));
  const q = new Uint16Array(nV * 4); // stride 8: 4-byte aligned vertex elements
  const qMin = [65535, 65535, 65535];
  const qMax = [0, 0, 0];
  for (let v = 0; v < nV; v++)
    for (let c = 0; c < 3; c++) {
      const x = Math.round(((mesh.positions[v * 3 + c]! - min[c]!) / scale[c]!) * 65535);
      q[v * 4 + c] = x;
      if (x < qMin[c]!) qMin[c] = x;
      if (x > qMax[c]!) qMax[c] = x;
    }
  const accessor = (a: object) => accessors.push(a) - 1;
  const position = accessor({
    bufferView: view({ data: bytes(q), stride: 8, target: 34962 }),
    componentType: 5123,
    normalized: true,
    count: nV,
    type: 'VEC3',
    min: qMin,
    max: qMax,
  });
  const normal = accessor({
    bufferView: view({ data: bytes(mesh.normals.subarray(0, nV * 4)), stride: 4, target: 34962 }),
    componentType: 5120,
    normalized: true,
    count: nV,
    type: 'VEC3',
  });
  const featureId = accessor({
    bufferView: view({ data: bytes(mesh.featureIds.subarray(0, nV)), target: 34962 }),
    componentType: 5126,
    count: nV,
    type: 'SCALAR',
  });
  const small = nV <= 65535;
  const idx = mesh.indices.subarray(0, mesh.indexCount);
  const indices = accessor({
    bufferView: view({ data: bytes(small ? Uint16Array.from(idx) : idx), target: 34963 }),
    componentType: small ? 5123 : 5125,
    count: mesh.indexCount,
    type: 'SCALAR',
  });

  const properties: Record<string, { values: number }> = {};
  for (const [name, def] of Object.entries(BUILDING_PROPERTIES))
    properties[name] = { values: view({ data: columnBytes(rows, name as keyof TileBuildingProps, def) }) };

  const json = {
    asset: { version: '2.0', generator: 'gridcenter tiles' },
    extensionsUsed: ['KHR_mesh_quantization', 'EXT_mesh_features', 'EXT_structural_metadata'],
    extensionsRequired: ['KHR_mesh_quantization'],
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ mesh: 0, translation: min, scale }],
    materials: [
      { pbrMetallicRoughness: { baseColorFactor: [1, 1, 1, 1], metallicFactor: 0, roughnessFactor: 1 } },
    ],
    meshes: [
      {
        primitives: [
          {
            attributes: { POSITION: position, NORMAL: normal, _FEATURE_ID_0: featureId },
            indices,
            material: 0,
            mode: 4,
            extensions: {
              EXT_mesh_features: {
                featureIds: [{ featureCount: rows.length, attribute: 0, propertyTable: 0 }],
              },
            },
          },
        ],
      },
    ],
    extensions: {
      EXT_structural_metadata: {
        schema: {
          id: TILES3D_SCHEMA_ID,
          classes: { [TILES3D_CLASS]: { properties: BUILDING_PROPERTIES } },
          enums: {
            buildingUse: { valueType: 'UINT8', values: USES.map((name, value) => ({ name, value })) },
          },
        },
        propertyTables: [{ class: TILES3D_CLASS, count: rows.length, properties }],
      },
    },
    accessors,
    bufferViews: [] as object[],
    buffers: [{ byteLength: 0 }],
  };
  // One binary chunk; every view starts on an 8-byte boundary (property tables require it).
  let length = 0;
  const offsets = views.map((v) => {
    const at = length;
    length = align(at + v.data.byteLength, 8);
    return at;
  });
  json.bufferViews = views.map((v, i) => ({
    buffer: 0,
    byteOffset: offsets[i],
    byteLength: v.data.byteLength,
    ...(v.stride ? { byteStride: v.stride } : {}),
    ...(v.target ? { target: v.target } : {}),
  }));
  json.buffers[0]!.byteLength = length;
  return glbContainer(JSON.stringify(json), views, offsets, length);
}

function columnBytes(
  rows: readonly TileBuildingProps[],
  name: keyof TileBuildingProps,
  def: { type: string; componentType?: string },
): Uint8Array {
  const n = rows.length;
  if (def.type === 'ENUM') return Uint8Array.from(rows, (r) => Math.max(0, USES.indexOf(r.use)));
  const Typed =
    def.componentType === 'UINT32'
      ? Uint32Array
      : def.componentType === 'UINT16'
        ? Uint16Array
        : Float32Array;
  const a = new Typed(n);
  for (let i = 0; i < n; i++) a[i] = rows[i]![name] as number;
  return bytes(a);
}

function glbContainer(jsonText: string, views: View[], offsets: number[], binLength: number): Uint8Array {
  const jsonBytes = new TextEncoder().encode(jsonText);
  const jsonLength = align(jsonBytes.length, 4);
  const total = 12 + 8 + jsonLength + 8 + binLength;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, 0x46546c67, true); // 'glTF'
  dv.setUint32(4, 2, true);
  dv.setUint32(8, total, true);
  dv.setUint32(12, jsonLength, true);
  dv.setUint32(16, 0x4e4f534a, true); // 'JSON'
  out.set(jsonBytes, 20);
  out.fill(0x20, 20 + jsonBytes.length, 20 + jsonLength);
  const bin = 20 + jsonLength;
  dv.setUint32(bin, binLength, true);
  dv.setUint32(bin + 4, 0x004e4942, true); // 'BIN'
  views.forEach((v, i) => out.set(v.data, bin + 8 + offsets[i]!));
  return out;
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;
const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
