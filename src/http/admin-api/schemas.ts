/**
 * Admin API resource shapes, shared by the routes (response schemas) and by the `bazaar` CLI,
 * which checks what a server answers against the same declarations.
 */
import { Type } from 'typebox';

/** Slugs as the marketplaces module accepts them (it re-validates; this gives early, precise errors). */
export const Slug = Type.String({ minLength: 1, maxLength: 63 });

export const MarketplaceView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
});

export const AppView = Type.Object({
  clientId: Type.String(),
  marketplace: Type.String(),
  kind: Type.Union([Type.Literal('marketplace'), Type.Literal('integration')]),
  name: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const CreatedAppView = Type.Intersect([AppView, Type.Object({ clientSecret: Type.String() })]);

export const LoginAsCodeView = Type.Object({ code: Type.String(), expiresAt: Type.String() });

export const AssetVersionView = Type.Object({ version: Type.String(), fileCount: Type.Integer() });

/** Every success response is `{ data: … }`. */
export const Data = <T extends Parameters<typeof Type.Object>[0][string]>(view: T) => Type.Object({ data: view });
