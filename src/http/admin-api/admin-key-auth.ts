/** The Admin API's auth hook: every request needs `Authorization: Bearer <admin key>`. */
import type { FastifyRequest } from 'fastify';
import { authenticateAdminKey } from '../../domain/admin/index.ts';
import { unauthorized } from '../../domain/errors.ts';
import type { Db } from '../../store/db.ts';

const BEARER_RE = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export const requireAdminKey =
  (db: Db) =>
  async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header === undefined ? null : BEARER_RE.exec(header);
    const key = match?.[1];
    if (key === undefined) {
      throw unauthorized('auth-missing-access-token', 'An admin key is required: send "Authorization: Bearer <admin key>".');
    }
    if (!(await authenticateAdminKey(db, key))) throw unauthorized('auth-invalid-access-token', 'The admin key is invalid or revoked.');
  };
