/**
 * `POST images/upload` (catalogue §1.2.2, §3.4 M33): a multipart form whose field `image` is the
 * file (the Marketplace SDK sends FormData, the Integration SDK the `form-data` package). The
 * response is the `image` resource: `{id, type}` unless `expand=true`; `fields.image` and
 * `imageVariant.*` in the query string choose its variants. Over 20 MB → 413
 * `request-upload-over-limit`, whether announced by Content-Length or found while streaming.
 * The Integration API registers `imageUploadRoute` with owner null (images.routes.ts there).
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { DomainError, badRequest } from '../../domain/errors.ts';
import { MAX_UPLOAD_BYTES, uploadImage } from '../../domain/images/index.ts';
import { parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf, requireUser } from '../plugins/authenticate.ts';
import { imageContextFor, imageDocument } from '../resources/image.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';

/** Room for the multipart framing and a few small fields around a maximal file. */
const MAX_FORM_OVERHEAD = 64 * 1024;

const overLimit = (): DomainError => new DomainError('too-large', 'request-upload-over-limit', 'The image is larger than 20 MB.');

const isErrorWithCode = (e: unknown, code: string): boolean => e instanceof Error && 'code' in e && e.code === code;

/** The bytes of the form's `image` file; bad-request when it is missing or the form has other parts. */
export async function readImageField(request: FastifyRequest): Promise<Buffer> {
  if (Number(request.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES + MAX_FORM_OVERHEAD) throw overLimit();
  if (!request.isMultipart()) {
    throw badRequest('unsupported-content-type', 'images/upload takes multipart/form-data with the file in field "image".', { type: 'body', path: [] });
  }
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file' || part.fieldname !== 'image' || bytes !== undefined) {
        throw badRequest('validation-disallowed-key', `Unexpected form field "${part.fieldname}": only the file "image" is accepted.`, {
          type: 'body',
          path: [part.fieldname],
        });
      }
      bytes = await part.toBuffer();
    }
  } catch (e) {
    if (isErrorWithCode(e, 'FST_REQ_FILE_TOO_LARGE')) throw overLimit();
    if (e instanceof DomainError) throw e;
    if (isErrorWithCode(e, 'FST_PARTS_LIMIT') || isErrorWithCode(e, 'FST_FILES_LIMIT') || isErrorWithCode(e, 'FST_FIELDS_LIMIT')) {
      throw badRequest('validation-disallowed-key', 'Only the file "image" is accepted.', { type: 'body', path: [] });
    }
    throw badRequest('bad-request', 'Malformed multipart body.', { type: 'body', path: [] });
  }
  if (bytes === undefined) throw badRequest('validation-missing-key', 'The form field "image" (the file) is required.', { type: 'body', path: ['image'] });
  return bytes;
}

/** The upload route; `ownerOf` names the owning user (and rejects callers that may not upload). */
export const imageUploadRoute =
  (deps: SurfaceDeps, ownerOf: (request: FastifyRequest) => string | null): FastifyPluginAsync =>
  async (app) => {
    // Only this scope parses multipart; the surface's catch-all still refuses it elsewhere.
    await app.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1, fieldSize: 1024 } });
    app.post<{ Querystring: RawQuery }>('/images/upload', async (request, reply) => {
      const q = parseQuery(request.query, {}, { expand: true });
      checkInclude({}, 'image', q.include); // an image has no relationships: refuse any include before storing
      const ownerUserId = ownerOf(request);
      const { marketplaceId, applicationId } = principalOf(request);
      const bytes = await readImageField(request);
      const image = await deps.db
        .transaction()
        .execute((trx) => uploadImage(trx, { blobs: deps.blobs, clock: deps.clock }, { marketplaceId, applicationId, ownerUserId, bytes }));
      const ctx = imageContextFor(deps.db, deps.config.publicUrl, marketplaceId, q);
      return sendDocument(request, reply, await imageDocument(ctx, image, q));
    });
  };

/** Marketplace API: a logged-in user uploads; the image is theirs (anonymous → 403). */
export const imagesRoutes = (deps: SurfaceDeps): FastifyPluginAsync => imageUploadRoute(deps, (request) => requireUser(request).userId);
