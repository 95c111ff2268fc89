/**
 * Errors of the Asset Delivery API: always JSON `{errors: [{id, status, code, title}]}` (the SDK
 * asks for `application/json` here and never decodes transit), never cached.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { encodeJson, JSON_CONTENT_TYPE, toErrorDocument, type ErrorDocument } from '../wire/index.ts';
import { notFound } from '../../domain/errors.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';

const send = (reply: FastifyReply, doc: ErrorDocument): FastifyReply => {
  const errors: WireValue[] = doc.body.errors.map((e) => ({
    id: new Uuid(e.id.uuid),
    status: e.status,
    code: e.code,
    title: e.title,
  }));
  return reply.code(doc.status).type(JSON_CONTENT_TYPE).header('cache-control', 'no-store').send(encodeJson({ errors }));
};

export const assetErrorHandler = (error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
  const doc = toErrorDocument(error, request.id);
  if (doc.unexpected) request.log.error({ err: error, requestId: request.id }, 'unhandled error');
  return send(reply, doc);
};

export const assetNotFoundHandler = (request: FastifyRequest, reply: FastifyReply): FastifyReply =>
  send(reply, toErrorDocument(notFound('Asset not found.'), request.id));
