/**
 * The `availabilityException` resource (catalogue §5.6): attributes `start`, `end`, `seats`; its
 * listing relationship is `ownListing` on the Marketplace API (the author's view) and `listing` on
 * the Integration API. Nested includes below the listing (`ownListing.images`, …) resolve through
 * the listing presenter.
 */
import {
  exceptionAttributes,
  type AvailabilityException,
} from '../../domain/availability/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import {
  buildDocument,
  type ParsedQuery,
  type QuerySpec,
  type Resource,
  type ResourceDocument,
} from '../wire/index.ts';
import { listingPresenterFor } from './listing.presenter.ts';

/** An exception as a resource. */
export const toExceptionResource = (e: AvailabilityException): Resource => ({
  id: new Uuid(e.id),
  type: 'availabilityException',
  attributes: exceptionAttributes(e),
});

/**
 * The response document of `availability_exceptions/*`: `viewer` `author` (Marketplace API,
 * relationship `ownListing`) or `operator` (Integration API, relationship `listing`). Commands pass
 * `expand` (false reduces the primary data to `{id, type}`); queries pass `meta`.
 */
export function exceptionDocument(
  ctx: { db: Executor; publicUrl: string; marketplaceId: string },
  viewer: 'author' | 'operator',
  data: AvailabilityException | AvailabilityException[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits' | 'imageVariants'>,
  opts: { expand?: boolean; meta?: Record<string, WireValue> } = {},
): Promise<ResourceDocument> {
  const exceptions = Array.isArray(data) ? data : [data];
  const listingOf = new Map(exceptions.map((e) => [e.id, e.listingId]));
  const listings = listingPresenterFor(ctx.db, ctx.publicUrl, ctx.marketplaceId, q, viewer);
  const relationship = viewer === 'author' ? 'ownListing' : 'listing';
  return buildDocument({
    data: Array.isArray(data) ? data.map(toExceptionResource) : toExceptionResource(data),
    type: 'availabilityException',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: {
      ...listings.graph(),
      availabilityException: {
        [relationship]: listings.relationship((parent) => listingOf.get(parent.id.uuid)),
      },
    },
    ...opts,
  });
}
