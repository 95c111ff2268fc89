/**
 * The event-log view of a listing (domain §8.3): the Integration API resource after the change,
 * and previous values of only what changed (extended data per top-level key).
 */
import { appendEvent, type AuditData, type EventSource, type WireMap } from '../events/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import type { Trx } from '../../store/db.ts';
import { listingAttributes, type ExtendedData, type Listing, type ListingActor } from './listing.ts';

const ref = (type: string, id: string): WireValue => ({ id: new Uuid(id), type: new Keyword(type) });

/** `images` relationship data: always part of a listing's event resource. */
const imagesData = (l: Listing): WireValue => ({ data: l.imageIds.map((id) => ref('image', id)) });

/** The listing as the Integration API shows it, with its to-one relationships and images. */
export function listingEventResource(l: Listing): WireMap {
  return {
    id: new Uuid(l.id),
    type: new Keyword('listing'),
    attributes: listingAttributes({ ...l, deleted: false }, 'operator'),
    relationships: {
      author: { data: ref('user', l.authorId) },
      marketplace: { data: ref('marketplace', l.marketplaceId) },
      images: imagesData(l),
    },
  };
}

const same = (a: WireValue | undefined, b: WireValue | undefined): boolean =>
  JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const extendedDataDiff = (before: ExtendedData, after: ExtendedData): WireMap | undefined => {
  const out: WireMap = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = Object.hasOwn(before, key) ? before[key] : undefined;
    const now = Object.hasOwn(after, key) ? after[key] : undefined;
    // Added key ⇒ null; changed or removed key ⇒ its full old value.
    if (!same(old, now)) Object.defineProperty(out, key, { value: old ?? null, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

const EXTENDED = new Set(['publicData', 'privateData', 'metadata']);

/** `{attributes, relationships}` of what changed from `before` to `after`; null when nothing did. */
export function listingPreviousValues(before: Listing, after: Listing): WireMap | null {
  const a = listingAttributes(before, 'operator');
  const b = listingAttributes(after, 'operator');
  const attributes: WireMap = {};
  for (const key of Object.keys(b)) {
    if (EXTENDED.has(key)) continue;
    if (!same(a[key], b[key])) attributes[key] = a[key] ?? null;
  }
  const scopes = { publicData: [before.publicData, after.publicData], privateData: [before.privateData, after.privateData], metadata: [before.metadata, after.metadata] } as const;
  for (const [scope, [old, now]] of Object.entries(scopes)) {
    const diff = extendedDataDiff(old, now);
    if (diff) attributes[scope] = diff;
  }
  const relationships: WireMap = {};
  if (before.imageIds.join() !== after.imageIds.join()) relationships.images = imagesData(before);
  if (Object.keys(attributes).length === 0 && Object.keys(relationships).length === 0) return null;
  return { attributes, relationships };
}

const sourceOf = (actor: ListingActor): EventSource =>
  actor.kind === 'user' ? 'source/marketplace-api' : 'source/integration-api';

const auditOf = (actor: ListingActor): AuditData => ({
  userId: actor.kind === 'user' ? actor.userId : null,
  adminId: null,
  requestId: actor.requestId,
  clientId: actor.clientId,
});

/** Appends `listing/<change>`; call it last in the transaction. */
export async function appendListingEvent(
  trx: Trx,
  change: 'created' | 'updated' | 'deleted',
  actor: ListingActor,
  before: Listing | null,
  after: Listing,
): Promise<void> {
  await appendEvent(trx, {
    marketplaceId: after.marketplaceId,
    eventType: `listing/${change}`,
    resourceType: 'listing',
    resourceId: after.id,
    resource: change === 'deleted' ? null : listingEventResource(after),
    previousValues: before === null ? null : change === 'deleted' ? { attributes: listingAttributes(before, 'operator'), relationships: {} } : listingPreviousValues(before, after),
    relatedResourceIds: [after.authorId],
    source: sourceOf(actor),
    auditData: auditOf(actor),
  });
}
