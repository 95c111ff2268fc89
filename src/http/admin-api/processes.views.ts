/**
 * Admin API transaction-process shapes, shared by processes.routes.ts (response schemas) and the
 * `bazaar process` commands. Only TypeBox here, so the CLI loads them without the server's modules.
 */
import { Type } from 'typebox';

export const Name = Type.String({ minLength: 1, maxLength: 100 });
export const Version = Type.Integer({ minimum: 1 });
export const TemplateFilesSchema = Type.Object(
  {
    subject: Type.Optional(Type.String()),
    html: Type.Optional(Type.String()),
    text: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export const Problem = Type.Object({ path: Type.String(), message: Type.String() });

/** The result of a push (shared with the CLI). */
export const PushedProcessView = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  created: Type.Boolean(),
  warnings: Type.Array(Problem),
});

export const ProcessAliasView = Type.Object({
  name: Type.String(),
  alias: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ProcessSummaryView = Type.Object({
  name: Type.String(),
  latestVersion: Type.Integer(),
  latestCreatedAt: Type.String(),
  aliases: Type.Array(ProcessAliasView),
});

export const ProcessVersionView = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  checksum: Type.String(),
  createdAt: Type.String(),
  aliases: Type.Array(Type.String()),
});

/** A version's files, as `process pull` writes them. */
export const PulledProcessView = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  createdAt: Type.String(),
  aliases: Type.Array(Type.String()),
  definition: Type.String(),
  templates: Type.Record(Type.String(), TemplateFilesSchema),
});
