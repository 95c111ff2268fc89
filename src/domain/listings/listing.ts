/**
 * Listings: types and pure rules — field validation, extended-data merging, state moves and what
 * each viewer may see. Use cases (one per file) compose these with the store and the event log.
 */
import { badRequest, conflict, type DomainError } from '../errors.ts';
import { LatLng, Money, Uuid, type WireValue } from '../../lib/values.ts';
import { isUuid } from '../../lib/ids.ts';
import type { ListingState } from '../../store/tables/listings.ts';
import {
  MAX_EXTENDED_DATA_BYTES,
  assertExtendedDataSize,
  mergeExtendedData,
  toExtendedData,
  type ExtendedData,
  type JsonValue,
} from '../extended-data.ts';
import { parseAvailabilityPlan, type AvailabilityPlan } from './availability-plan.ts';

export type { ListingState };
export type { ExtendedData, JsonValue };
export { MAX_EXTENDED_DATA_BYTES, toExtendedData };

export const LISTING_STATES: readonly ListingState[] = ['draft', 'pendingApproval', 'published', 'closed'];

/** A listing as the domain sees it. */
export interface Listing {
  id: string;
  marketplaceId: string;
  authorId: string;
  state: ListingState;
  deleted: boolean;
  title: string;
  description: string | null;
  geolocation: LatLng | null;
  /** Integer minor units of an ISO 4217 currency. */
  price: Money | null;
  availabilityPlan: AvailabilityPlan | null;
  publicData: ExtendedData;
  privateData: ExtendedData;
  metadata: ExtendedData;
  /** Ordered image ids. */
  imageIds: string[];
  /**
   * The running total of the stock ledger (the `currentStock` relationship); null until stock is
   * first defined. Written only by the stock module, through setListingStockQuantity.
   */
  stockQuantity: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Fields a client may send on create/update, shape-checked by the route schema; values are
 * validated here. `null` clears an optional field; extended data merges per top-level key.
 */
export interface ListingFieldsInput {
  title?: string;
  description?: string | null;
  geolocation?: { lat: number; lng: number } | null;
  price?: { amount: number; currency: string } | null;
  availabilityPlan?: unknown;
  publicData?: Record<string, unknown>;
  privateData?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  images?: string[];
}

/** Who acts on a listing: its author through the Marketplace API, or an operator (Integration API). */
export type ListingActor =
  | { kind: 'user'; userId: string; clientId: string; requestId: string | null }
  | { kind: 'operator'; clientId: string; requestId: string | null };

/** Who reads a listing: decides the resource type and which attributes are visible. */
export type ListingViewer = 'public' | 'author' | 'operator';

export const MAX_TITLE_LENGTH = 1000;
export const MAX_DESCRIPTION_LENGTH = 50_000;
export const MAX_IMAGES = 100;

const CURRENCY_RE = /^[A-Z]{3}$/;

type Path = (string | number)[];
const invalid = (path: Path, message: string): DomainError =>
  badRequest('validation-invalid-value', message, { type: 'body', path });

const validTitle = (title: string): string => {
  if (title.trim() === '') throw invalid(['title'], 'title must not be blank.');
  if (title.length > MAX_TITLE_LENGTH) throw invalid(['title'], `title must be at most ${MAX_TITLE_LENGTH} characters.`);
  return title;
};

const validDescription = (description: string | null): string | null => {
  if (description !== null && description.length > MAX_DESCRIPTION_LENGTH) {
    throw invalid(['description'], `description must be at most ${MAX_DESCRIPTION_LENGTH} characters.`);
  }
  return description;
};

const validGeolocation = (g: { lat: number; lng: number } | null): LatLng | null => {
  if (g === null) return null;
  if (!Number.isFinite(g.lat) || Math.abs(g.lat) > 90) throw invalid(['geolocation', 'lat'], 'geolocation.lat must be between -90 and 90.');
  if (!Number.isFinite(g.lng) || Math.abs(g.lng) > 180) throw invalid(['geolocation', 'lng'], 'geolocation.lng must be between -180 and 180.');
  return new LatLng(g.lat, g.lng);
};

const validPrice = (p: { amount: number; currency: string } | null): Money | null => {
  if (p === null) return null;
  if (!Number.isSafeInteger(p.amount) || p.amount < 0) {
    throw invalid(['price', 'amount'], 'price.amount must be a whole number of minor units, at least 0.');
  }
  if (!CURRENCY_RE.test(p.currency)) throw invalid(['price', 'currency'], 'price.currency must be an ISO 4217 code such as EUR.');
  return new Money(p.amount, p.currency);
};

const validImageIds = (ids: string[]): string[] => {
  if (ids.length > MAX_IMAGES) throw invalid(['images'], `at most ${MAX_IMAGES} images.`);
  const seen = new Set<string>();
  return ids.map((id, i) => {
    const lower = id.toLowerCase();
    if (!isUuid(lower)) throw invalid(['images', i], 'images must be image ids (UUIDs).');
    if (seen.has(lower)) throw invalid(['images', i], 'images must not repeat an image.');
    seen.add(lower);
    return lower;
  });
};

/** The listing's editable fields (everything a create or update may change). */
export type ListingFields = Pick<
  Listing,
  'title' | 'description' | 'geolocation' | 'price' | 'availabilityPlan' | 'publicData' | 'privateData' | 'metadata' | 'imageIds'
>;

/** A new listing's fields: defaults, then the validated input. Throws bad-request. */
export function initialFields(input: ListingFieldsInput & { title: string }): ListingFields {
  return applyFields(
    {
      title: '',
      description: null,
      geolocation: null,
      price: null,
      availabilityPlan: null,
      publicData: {},
      privateData: {},
      metadata: {},
      imageIds: [],
    },
    input,
  );
}

/** `current` with the validated input applied (update semantics). Throws bad-request. */
export function applyFields(current: ListingFields, input: ListingFieldsInput): ListingFields {
  const next: ListingFields = { ...current };
  if (input.title !== undefined) next.title = validTitle(input.title);
  if (input.description !== undefined) next.description = validDescription(input.description);
  if (input.geolocation !== undefined) next.geolocation = validGeolocation(input.geolocation);
  if (input.price !== undefined) next.price = validPrice(input.price);
  if (input.availabilityPlan !== undefined) {
    next.availabilityPlan = input.availabilityPlan === null ? null : parseAvailabilityPlan(input.availabilityPlan);
  }
  for (const scope of ['publicData', 'privateData', 'metadata'] as const) {
    const patch = input[scope];
    if (patch === undefined) continue;
    next[scope] = mergeExtendedData(current[scope], toExtendedData(patch, [scope]));
    assertExtendedDataSize(next[scope], scope);
  }
  if (input.images !== undefined) next.imageIds = validImageIds(input.images);
  return next;
}

/** The state a newly posted (non-draft) listing gets. */
export const postedState = (needsApproval: boolean): ListingState => (needsApproval ? 'pendingApproval' : 'published');

const invalidState = (listing: Listing, action: string): DomainError =>
  conflict('listing-invalid-state', `Cannot ${action} a listing in state ${listing.state}.`);

/** The state after a move, or conflict `listing-invalid-state` when the move is not allowed. */
export function nextState(
  listing: Listing,
  move: 'publishDraft' | 'open' | 'close' | 'approve',
  needsApproval = false,
): ListingState {
  switch (move) {
    case 'publishDraft':
      if (listing.state !== 'draft') throw invalidState(listing, 'publish as a draft');
      return postedState(needsApproval);
    case 'approve':
      if (listing.state !== 'pendingApproval') throw invalidState(listing, 'approve');
      return 'published';
    case 'open':
      // Opening an open listing is a no-op, so a repeated click does not fail.
      if (listing.state !== 'closed' && listing.state !== 'published') throw invalidState(listing, 'open');
      return 'published';
    case 'close':
      if (listing.state !== 'published' && listing.state !== 'closed') throw invalidState(listing, 'close');
      return 'closed';
  }
}

/** Whether a viewer may see a listing at all (deleted listings are never shown). */
export function isVisibleTo(listing: Listing, viewer: ListingViewer, viewerUserId?: string): boolean {
  if (listing.deleted) return false;
  if (viewer === 'operator') return true;
  if (viewer === 'author') return listing.authorId === viewerUserId;
  return listing.state === 'published';
}

/**
 * The attributes a viewer sees (catalogue §5.4): `privateData` only for the author and operators.
 * A deleted listing shows only `deleted: true` (how it appears when included from a transaction).
 */
export function listingAttributes(listing: Listing, viewer: ListingViewer): Record<string, WireValue> {
  if (listing.deleted) return { deleted: true };
  const attributes: Record<string, WireValue> = {
    title: listing.title,
    description: listing.description,
    geolocation: listing.geolocation,
    createdAt: listing.createdAt,
    price: listing.price,
    availabilityPlan: listing.availabilityPlan === null ? null : availabilityPlanToWire(listing.availabilityPlan),
    publicData: listing.publicData,
    metadata: listing.metadata,
    state: listing.state,
    deleted: false,
  };
  if (viewer !== 'public') attributes.privateData = listing.privateData;
  return attributes;
}

/** The plan as a wire map. */
export function availabilityPlanToWire(plan: AvailabilityPlan): WireValue {
  return plan.type === 'availability-plan/day'
    ? { type: plan.type, entries: plan.entries.map((e) => ({ dayOfWeek: e.dayOfWeek, seats: e.seats })) }
    : {
        type: plan.type,
        timezone: plan.timezone,
        entries: plan.entries.map((e) => ({ dayOfWeek: e.dayOfWeek, seats: e.seats, startTime: e.startTime, endTime: e.endTime })),
      };
}

/** The listing's id as a wire UUID. */
export const listingUuid = (listing: Pick<Listing, 'id'>): Uuid => new Uuid(listing.id);
