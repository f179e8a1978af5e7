/** Reads a GLB written by tiles/src/glb.ts back: its JSON and the property table columns by name. */
export function readGlb(glb: Uint8Array) {
  const dv = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  if (dv.getUint32(0, true) !== 0x46546c67) throw new Error('not a GLB');
  const jsonLength = dv.getUint32(12, true);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- glTF JSON, asserted on in tests
  const json = JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + jsonLength))) as any;
  const bin = glb.subarray(28 + jsonLength);
  const column = (name: string): number[] => {
    const table = json.extensions.EXT_structural_metadata.propertyTables[0];
    const view = json.bufferViews[table.properties[name].values];
    const def = json.extensions.EXT_structural_metadata.schema.classes.building.properties[name];
    const bytes = bin.slice(view.byteOffset, view.byteOffset + view.byteLength);
    const T =
      def.type === 'ENUM'
        ? Uint8Array
        : ({ UINT32: Uint32Array, UINT16: Uint16Array, FLOAT32: Float32Array } as const)[
            def.componentType as 'UINT32'
          ];
    return [...new T(bytes.buffer)];
  };
  return { json, column };
}
