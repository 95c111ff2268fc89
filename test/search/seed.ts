/**
 * A seeded listing set for the search tests, and an independent model of the search in plain JS.
 * Listings are inserted with SQL (states, deletion and created-at times need to be controlled);
 * the keyword vector comes from the search module's `listingSearchVector`, as listing writes do.
 */
import { randomUUID } from 'node:crypto';
import { listingSearchVector } from '../../src/domain/listings/index.ts';
import { setSearchSchema, syncSearchIndexes, type SearchSchemaInput } from '../../src/domain/search-schemas/index.ts';
import type { ListingState } from '../../src/store/tables/listings.ts';
import type { Db } from '../../src/store/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';

export const SCHEMAS: Omit<SearchSchemaInput, 'schemaFor'>[] = [
  { scope: 'public', key: 'category', type: 'enum' },
  { scope: 'public', key: 'amenities', type: 'multi-enum' },
  { scope: 'public', key: 'pets', type: 'boolean', default: false },
  { scope: 'public', key: 'year', type: 'long' },
  { scope: 'metadata', key: 'rating', type: 'long' },
  { scope: 'public', key: 'notes', type: 'text' },
];

export const WORDS = ['sauna', 'kayak', 'bike', 'tent', 'drill', 'guitar', 'camera', 'ladder', 'piano', 'canoe'];
const FILLER = ['red', 'blue', 'green', 'small', 'large', 'old', 'new', 'fast'];
export const CATEGORIES = ['a', 'b', 'c', 'd'];
export const AMENITIES = ['wifi', 'parking', 'pool', 'spa'];

export interface ModelListing {
  id: string;
  authorId: string;
  state: ListingState;
  deleted: boolean;
  title: string;
  description: string | null;
  lat: number | null;
  lng: number | null;
  price: number | null;
  publicData: Record<string, unknown>;
  metadata: Record<string, unknown>;
  createdAt: Date;
}

export interface Seeded {
  m: TestMarketplace;
  authors: string[];
  listings: ModelListing[];
}

/** Deterministic pseudo-random numbers (mulberry32). */
export const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export async function insertListing(db: Db, marketplaceId: string, l: ModelListing): Promise<void> {
  const notes = typeof l.publicData.notes === 'string' ? [l.publicData.notes] : [];
  await db
    .insertInto('listings')
    .values({
      id: l.id,
      marketplace_id: marketplaceId,
      author_id: l.authorId,
      state: l.state,
      deleted: l.deleted,
      title: l.title,
      description: l.description,
      lat: l.lat,
      lng: l.lng,
      price_amount: l.price,
      price_currency: l.price === null ? null : 'EUR',
      public_data: JSON.stringify(l.publicData),
      private_data: '{}',
      metadata: JSON.stringify(l.metadata),
      search_vector: listingSearchVector('english', { title: l.title, description: l.description, schemaTexts: notes }),
      created_at: l.createdAt,
      updated_at: l.createdAt,
    })
    .execute();
}

/** A marketplace with schemas, 3 authors and `count` varied listings (plus a few fixed ones). */
export async function seedListings(db: Db, count = 300, seed = 42): Promise<Seeded> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] ?? xs[0]!;
  const m = await createTestMarketplace(db, 'Search marketplace');
  for (const s of SCHEMAS) {
    const { schema } = await db
      .transaction()
      .execute((trx) => setSearchSchema(trx, { marketplaceSlug: m.marketplace.slug, schemaFor: 'listing', now: new Date(), ...s }));
    await syncSearchIndexes(db, [schema]);
  }
  const authors: string[] = [];
  for (let i = 0; i < 3; i++) authors.push((await createTestUser(db, m.marketplace.id)).user.id);
  const base = Date.UTC(2024, 0, 1);
  const listings: ModelListing[] = [];
  for (let i = 0; i < count; i++) {
    const r = random();
    const state: ListingState = r < 0.8 ? 'published' : r < 0.88 ? 'draft' : r < 0.94 ? 'closed' : 'pendingApproval';
    const located = random() < 0.9;
    // A band of listings around the antimeridian, the rest spread over the globe.
    const lng = random() < 0.15 ? 175 + random() * 10 - (random() < 0.5 ? 360 : 0) : random() * 340 - 170;
    const publicData: Record<string, unknown> = { category: pick(CATEGORIES) };
    if (random() < 0.9) publicData.amenities = AMENITIES.filter(() => random() < 0.5);
    if (random() < 0.7) publicData.pets = random() < 0.5;
    if (random() < 0.85) publicData.year = 1990 + Math.floor(random() * 35);
    if (random() < 0.2) publicData.notes = `${pick(FILLER)} ${pick(WORDS)}`;
    const metadata: Record<string, unknown> = random() < 0.8 ? { rating: 1 + Math.floor(random() * 5) } : {};
    const titleWord = pick(WORDS);
    let descWord = pick(WORDS);
    while (descWord === titleWord) descWord = pick(WORDS);
    listings.push({
      id: randomUUID(),
      authorId: pick(authors),
      state,
      deleted: random() < 0.04,
      title: `${pick(FILLER)} ${titleWord}`,
      description: random() < 0.9 ? `A ${pick(FILLER)} ${descWord} for rent` : null,
      lat: located ? Math.round((random() * 160 - 80) * 1e6) / 1e6 : null,
      lng: located ? Math.round((lng < -180 ? lng + 360 : lng > 180 ? lng - 360 : lng) * 1e6) / 1e6 : null,
      // Whole hundreds, so exact prices such as 5000 exist for the exclusive-bound tests.
      price: random() < 0.9 ? Math.floor(random() * 100) * 100 : null,
      publicData,
      metadata,
      createdAt: new Date(base + Math.floor(random() * 1e9) * 1000 + i),
    });
  }
  for (const l of listings) await insertListing(db, m.marketplace.id, l);
  return { m, authors, listings };
}

// ---- the independent model ----

export const haversine = (a: { lat: number; lng: number }, b: { lat: number; lng: number }): number => {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
};

export type SortValue = (l: ModelListing) => number | null;
export interface ModelSort {
  value: SortValue;
  dir: 'asc' | 'desc';
}

/** Nulls last in both directions; then newest first unless createdAt is a key; then id. */
export const modelOrder = (keys: ModelSort[], createdAtIsKey = false) => (a: ModelListing, b: ModelListing): number => {
  const all = createdAtIsKey ? keys : [...keys, { value: (l: ModelListing) => l.createdAt.getTime(), dir: 'desc' as const }];
  for (const k of all) {
    const x = k.value(a);
    const y = k.value(b);
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return k.dir === 'asc' ? x - y : y - x;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

export const isPublic = (l: ModelListing): boolean => l.state === 'published' && !l.deleted;
export const words = (s: string | null | undefined): string[] => (s ?? '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
