import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { issueLoginAs } from '../../domain/admin/index.ts';
import type { SurfaceDeps } from '../../app.ts';
import { Data, LoginAsCodeView, Slug } from './schemas.ts';

const LoginAsBody = Type.Object(
  {
    marketplace: Slug,
    userEmail: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$' }),
    clientId: Type.String({ minLength: 1, maxLength: 200 }),
    redirectUri: Type.String({ maxLength: 2000, pattern: '^https?://[^\\s]+$' }),
    // PKCE S256: base64url of a SHA-256 digest, 43 characters (RFC 7636 §4.2).
    codeChallenge: Type.String({ pattern: '^[A-Za-z0-9_-]{43}$' }),
  },
  { additionalProperties: false },
);

export const loginAsRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/login-as',
      {
        schema: {
          body: LoginAsBody,
          response: { 201: Data(LoginAsCodeView) },
        },
      },
      async (request, reply) => {
        const { marketplace, ...rest } = request.body;
        const issued = await deps.db.transaction().execute((trx) => issueLoginAs(trx, { marketplaceSlug: marketplace, ...rest }, deps.clock));
        return reply.status(201).send({ data: { code: issued.code, expiresAt: issued.expiresAt.toISOString() } });
      },
    );
  };
