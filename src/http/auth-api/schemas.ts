import { Type } from '@fastify/type-provider-typebox';

/** Any Auth API form: string parameters only (which ones a grant needs is checked by parseTokenRequest). */
export const AuthForm = Type.Record(Type.String(), Type.String());

/** RFC 6749 §5.1 token response; `refresh_token` only for refreshable tokens (catalogue §2.3). */
export const TokenResponse = Type.Object({
  access_token: Type.String(),
  token_type: Type.Literal('bearer'),
  expires_in: Type.Integer(),
  scope: Type.String(),
  refresh_token: Type.Optional(Type.String()),
});

export const RevokeResponse = Type.Object({ action: Type.Literal('revoked') });
