/**
 * The `processTransition` resource (catalogue §5.14): `name`, `actor` (array), `actions`, and
 * `params {req, opt}` with wire type names.
 */
import type { ProcessTransition } from '../../process-engine/index.ts';
import { Uuid } from '../../lib/values.ts';
import { buildDocument, type ParsedQuery, type QuerySpec, type Resource, type ResourceDocument } from '../wire/index.ts';

/** A process transition as a resource. */
export const toProcessTransitionResource = (t: ProcessTransition): Resource => ({
  id: new Uuid(t.id),
  type: 'processTransition',
  attributes: { name: t.name, actor: t.actor, actions: t.actions, params: { req: t.params.req, opt: t.params.opt } },
});

/** The response document of `process_transitions/query` (no relationships). */
export const processTransitionDocument = (
  transitions: ProcessTransition[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
): Promise<ResourceDocument> =>
  buildDocument({ data: transitions.map(toProcessTransitionResource), type: 'processTransition', include: q.include, fields: q.fields, limits: q.limits });
