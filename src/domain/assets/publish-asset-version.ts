import { badRequest } from '../errors.ts';
import { newId, randomToken } from '../../lib/ids.ts';
import { sha256 } from '../../lib/secrets.ts';
import type { Trx } from '../../store/db.ts';
import { LATEST_ALIAS, normalizeAssetPath } from './asset.ts';
import { insertAssets, insertVersion, pointAlias } from './assets.store.ts';

const invalid = (message: string, path: string[]) =>
  badRequest('validation-invalid-value', message, { type: 'body', path: ['files', ...path] });

const toJsonText = (content: unknown): string | undefined => {
  try {
    const text: unknown = JSON.stringify(content);
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Publishes a new immutable asset version from JSON files keyed by path (`/a/b.json`) and moves the
 * alias `latest` to it. Throws bad-request (no files, a bad or duplicate path, a non-`.json` path,
 * content that is not JSON).
 */
export async function publishAssetVersion(
  trx: Trx,
  input: { marketplaceId: string; files: Record<string, unknown>; createdAt?: Date },
): Promise<{ version: string; versionId: string; paths: string[] }> {
  const entries = Object.entries(input.files);
  if (entries.length === 0) throw invalid('An asset version needs at least one file.', []);
  const seen = new Set<string>();
  const files = entries.map(([raw, content]) => {
    const path = normalizeAssetPath(raw);
    if (path === undefined) throw invalid(`Invalid asset path "${raw}".`, [raw]);
    if (!path.endsWith('.json')) throw invalid(`Asset path "${raw}" must end in .json.`, [raw]);
    if (seen.has(path)) throw invalid(`Asset path "${path}" is given twice.`, [raw]);
    seen.add(path);
    const json = toJsonText(content);
    if (json === undefined) throw invalid(`Asset "${raw}" is not JSON.`, [raw]);
    return { path, json, etag: sha256(json).slice(0, 32) };
  });
  const versionId = newId();
  // Opaque and unguessable; URL-safe because clients put it in paths (`/v/{version}/…`).
  const version = randomToken(12);
  await insertVersion(trx, { id: versionId, marketplaceId: input.marketplaceId, version, createdAt: input.createdAt });
  await insertAssets(trx, versionId, input.marketplaceId, files);
  await pointAlias(trx, input.marketplaceId, LATEST_ALIAS, versionId);
  return { version, versionId, paths: files.map((f) => f.path) };
}
