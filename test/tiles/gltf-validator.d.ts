// The package ships no types; this is the part the tests use (https://github.com/KhronosGroup/glTF-Validator).
declare module 'gltf-validator' {
  interface Report {
    issues: {
      numErrors: number;
      numWarnings: number;
      numInfos: number;
      messages: Array<{ code: string; message: string; severity: number; pointer?: string }>;
    };
  }
  const validator: {
    validateBytes(
      data: Uint8Array,
      options?: { maxIssues?: number; ignoredIssues?: string[] },
    ): Promise<Report>;
  };
  export default validator;
}
