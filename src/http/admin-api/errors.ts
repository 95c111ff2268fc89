/**
 * The Admin API's error dialect: plain JSON `{ errors: [{ id, status, code, title, source? }] }`,
 * built from the wire layer's one mapping of domain/Fastify errors to statuses and codes.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { notFoundDocument, toErrorDocument, type ErrorDocument } from '../wire/errors.ts';

interface AdminError {
  id: string;
  status: number;
  code: string;
  title: string;
  source?: { path: (string | number)[]; type: string };
}

const toPlain = (doc: ErrorDocument): { errors: AdminError[] } => ({
  errors: doc.body.errors.map((e) => ({
    id: e.id.uuid,
    status: e.status,
    code: e.code,
    title: e.title,
    ...(e.source ? { source: e.source } : {}),
  })),
});

export async function sendAdminError(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const doc = toErrorDocument(err, request.id);
  if (doc.unexpected) request.log.error({ err }, 'admin api: unexpected error');
  if (doc.status === 401) reply.header('www-authenticate', 'Bearer realm="bazaar-admin"');
  await reply.status(doc.status).type('application/json').send(toPlain(doc));
}

export async function sendAdminNotFound(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  await reply.status(404).type('application/json').send(toPlain(notFoundDocument(request.method, request.url)));
}
