import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MAX_PHOTO_BYTES, type PhotoRef } from '../../../contracts/cases.ts';
import { HttpError } from '../http/errors.ts';

/** The image type by its first bytes; the Content-Type header alone is not trusted. */
export function sniffImageType(b: Buffer): PhotoRef['type'] | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP')
    return 'image/webp';
  return undefined;
}

/** <dir>/ab/abcdef…: two-level fan-out keeps folders small. */
export const photoPath = (dir: string, sha256: string) => join(dir, sha256.slice(0, 2), sha256);

/**
 * Checks and stores one photo by content hash; storing the same bytes twice is a no-op, so a
 * phone may retry. Written to a temporary name and renamed, so a reader never sees half a file.
 */
export async function storePhoto(dir: string, bytes: Buffer): Promise<PhotoRef> {
  if (bytes.length === 0)
    throw new HttpError(400, 'required', 'the request body must be the image bytes', 'body');
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new HttpError(413, 'too_large', `a photo may be at most ${MAX_PHOTO_BYTES} bytes`, 'body');
  const type = sniffImageType(bytes);
  if (!type)
    throw new HttpError(415, 'unsupported_type', 'a photo must be a JPEG, PNG or WebP image', 'body');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = photoPath(dir, sha256);
  if (!existsSync(path)) {
    mkdirSync(join(dir, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  }
  return { sha256, type, bytes: bytes.length };
}
