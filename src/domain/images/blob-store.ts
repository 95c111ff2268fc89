/**
 * Where image bytes live. The local-folder store is the default; an S3-compatible store implements
 * the same interface (keys map to object keys, contentType to the object's Content-Type).
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { randomToken } from '../../lib/ids.ts';

/** Stored bytes with their content type. */
export interface Blob {
  bytes: Buffer;
  contentType: string;
}

/** A key → bytes store (local folder now; S3-compatible later). */
export interface BlobStore {
  /** Stores bytes under a key, replacing any previous blob; readers see the old or the new blob, never a part. */
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The blob under a key, or undefined when there is none. */
  get(key: string): Promise<Blob | undefined>;
  /** Removes a blob; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

// Keys are slash-separated segments of [A-Za-z0-9._-], no empty, "." or ".." segments, and no
// segment ending in ".tmp" (temporary files): a key can never name a path outside the root.
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,200}$/;

/** Whether a string is a valid blob key. */
export function isBlobKey(key: string): boolean {
  if (key.length === 0 || key.length > 1024) return false;
  return key.split('/').every((s) => SEGMENT.test(s) && !s.endsWith('.tmp'));
}

// A local blob file is one line with the content type, then the bytes: one file, so one rename
// makes a put atomic.
const NEWLINE = 0x0a;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/** A blob store in a local folder (`<dataDir>/blobs` by default); throws on an invalid key. */
export function createLocalBlobStore(root: string): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    if (!isBlobKey(key)) throw new Error('invalid blob key');
    const path = resolve(base, ...key.split('/'));
    // Belt and braces on top of the key grammar.
    if (!path.startsWith(base + sep)) throw new Error('invalid blob key');
    return path;
  };
  return {
    async put(key, bytes, contentType) {
      if (!CONTENT_TYPE.test(contentType)) throw new Error('invalid content type');
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.${randomToken(9)}.tmp`);
      try {
        await writeFile(tmp, Buffer.concat([Buffer.from(`${contentType}\n`, 'ascii'), bytes]), {
          flag: 'wx',
        });
        await rename(tmp, path);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    async get(key) {
      let raw: Buffer;
      try {
        raw = await readFile(pathOf(key));
      } catch (e) {
        if (e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'EISDIR'))
          return undefined;
        throw e;
      }
      const end = raw.indexOf(NEWLINE);
      if (end < 0) throw new Error('corrupt blob file');
      return { contentType: raw.subarray(0, end).toString('ascii'), bytes: raw.subarray(end + 1) };
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
