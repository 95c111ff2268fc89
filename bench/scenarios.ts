/**
 * What the bench measures: one request shape per scenario, sent identically (path and query) to
 * Bazaar and to the bare baseline. Bazaar gets the SDK's wire form (transit, bearer token); the
 * baseline gets JSON and no token.
 */
import { encodeTransit } from '../src/http/wire/index.ts';
import { LatLng, Money } from '../src/lib/values.ts';
import type { ScenarioName } from './options.ts';
import { AMENITIES, CATEGORIES, CITIES, prng } from './seed/corpus.ts';
import type { SeedResult } from './seed/seed.ts';

/** A figure to reach, and the conditions under which it is judged (other runs are indicative). */
export interface TargetConditions {
  db: 'postgres';
  connections: number;
  listings: number;
}
export type Target =
  | ({ kind: 'ratio'; min: number; description: string } & TargetConditions)
  | ({ kind: 'p95'; maxMs: number; description: string } & TargetConditions);

const CONDITIONS: TargetConditions = { db: 'postgres', connections: 8, listings: 100_000 };

export interface Scenario {
  name: ScenarioName;
  /** What is sent, for the report. */
  title: string;
  method: 'GET' | 'POST';
  auth: 'anonymous' | 'user';
  /** Path and query of the k-th request (varies per request where the scenario needs it). */
  path(k: number): string;
  /** Transit body for Bazaar (POST only). */
  body?(k: number): string;
  /** JSON body for the baseline (POST only). */
  baselineBody?(k: number): string;
  target?: Target;
  /** Writes rows: runs last, and its rows are removed at the next seed check. */
  writes: boolean;
}

// Two image variants, as a front end asks for them: one predefined, one custom (catalogue 1.6).
const IMAGE_FIELDS = 'include=author,images&fields.image=variants.landscape-crop,variants.listing-card&imageVariant.listing-card=w%3A400%3Bh%3A400%3Bfit%3Acrop';

const helsinki = CITIES[0];
if (!helsinki) throw new Error('no cities');

/**
 * The search scenario's filters. At 100k listings about 50 match (page 1 is full): a box of about
 * 55 × 28 km around Helsinki (one city of twenty: ~5 %), `sauna` in title or description (~25 %),
 * two of ten categories, either of two amenities (~50 %), 50–300 EUR (~40 %).
 */
export const SEARCH = {
  keywords: 'sauna',
  bounds: { ne: { lat: helsinki.lat + 0.25, lng: helsinki.lng + 0.5 }, sw: { lat: helsinki.lat - 0.25, lng: helsinki.lng - 0.5 } },
  extendedData: { pub_category: 'cabin,cottage', pub_amenities: 'has_any:sauna,fireplace' },
  price: { min: 5000, max: 30000 },
} as const;
const b = SEARCH.bounds;
export const SEARCH_QUERY = [
  `keywords=${SEARCH.keywords}`,
  `bounds=${[b.ne.lat, b.ne.lng, b.sw.lat, b.sw.lng].map((n) => n.toFixed(4)).join(',')}`,
  ...Object.entries(SEARCH.extendedData).map(([k, v]) => `${k}=${v}`),
  `price=${SEARCH.price.min},${SEARCH.price.max}`,
].join('&');

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The availability scenario's window: 7 nights from 14 days after the capacity epoch (UTC
 * midnight of the seed day), when about a quarter of the booked listings have a booking.
 */
export const availabilityWindow = (epoch: string): { start: Date; end: Date } => {
  const start = new Date(new Date(epoch).getTime() + 14 * DAY_MS);
  return { start, end: new Date(start.getTime() + 7 * DAY_MS) };
};

/** The time-slots scenario's range: the 90 days from one day after the epoch (the API's longest range). */
export const timeslotsWindow = (epoch: string): { start: Date; end: Date } => {
  const start = new Date(new Date(epoch).getTime() + DAY_MS);
  return { start, end: new Date(start.getTime() + 90 * DAY_MS) };
};

const createFields = (k: number) => {
  const rand = prng(k + 1);
  const city = CITIES[k % CITIES.length] ?? helsinki;
  const category = CATEGORIES[k % CATEGORIES.length] ?? 'cabin';
  return {
    title: `Bench listing ${k}: ${category} in ${city.name}`,
    description: 'Created by the bench through own_listings/create. Quiet street, fast wifi and a sauna.',
    geolocation: { lat: city.lat + (rand() - 0.5) * 0.2, lng: city.lng + (rand() - 0.5) * 0.2 },
    price: { amount: 5000 + Math.floor(rand() * 100) * 100, currency: 'EUR' },
    publicData: { category, amenities: AMENITIES.filter(() => rand() < 0.3), capacity: 1 + (k % 8) },
  };
};

/** The scenarios over a seeded marketplace. */
export function scenarios(seed: SeedResult): Scenario[] {
  const ids = seed.sampleListingIds;
  const avail = availabilityWindow(seed.capacity.epoch);
  const slots = timeslotsWindow(seed.capacity.epoch);
  const availQuery = `start=${avail.start.toISOString()}&end=${avail.end.toISOString()}&availability=day-full`;
  return [
    {
      name: 'query',
      title: `listings/query: newest 20, ${IMAGE_FIELDS.replace(/%3A/g, ':').replace(/%3B/g, ';')}`,
      method: 'GET',
      auth: 'anonymous',
      path: () => `/v1/api/listings/query?perPage=20&${IMAGE_FIELDS}`,
      target: { kind: 'ratio', min: 0.6, description: 'req/s ≥ 60 % of the bare baseline (PostgreSQL, 100k, 8 connections)', ...CONDITIONS },
      writes: false,
    },
    {
      name: 'search',
      title: `listings/query: ${SEARCH_QUERY}, 20 per page, include=author,images, 2 variants`,
      method: 'GET',
      auth: 'anonymous',
      path: () => `/v1/api/listings/query?${SEARCH_QUERY}&perPage=20&${IMAGE_FIELDS}`,
      target: { kind: 'p95', maxMs: 50, description: 'p95 ≤ 50 ms (PostgreSQL, 100k, 8 connections)', ...CONDITIONS },
      writes: false,
    },
    {
      name: 'availability',
      title: `listings/query: ${availQuery} (7 nights, day-full), 20 per page, include=author,images, 2 variants — ${seed.capacity.bookedListings.toLocaleString('en-US')} listings with ${seed.capacity.bookings.toLocaleString('en-US')} bookings, ${seed.capacity.exceptions.toLocaleString('en-US')} exceptions`,
      method: 'GET',
      auth: 'anonymous',
      path: () => `/v1/api/listings/query?${availQuery}&perPage=20&${IMAGE_FIELDS}`,
      target: { kind: 'p95', maxMs: 150, description: 'p95 ≤ 150 ms (PostgreSQL, 100k, 8 connections)', ...CONDITIONS },
      writes: false,
    },
    {
      name: 'timeslots',
      title: `timeslots/query: one time-plan listing, ${slots.start.toISOString()} … ${slots.end.toISOString()} (90 days), perPage=500 — 200 bookings, 20 exceptions`,
      method: 'GET',
      auth: 'anonymous',
      path: () => `/v1/api/timeslots/query?listingId=${seed.capacity.timeslotListingId}&start=${slots.start.toISOString()}&end=${slots.end.toISOString()}&perPage=500`,
      target: { kind: 'p95', maxMs: 20, description: 'p95 ≤ 20 ms (PostgreSQL, 8 connections)', ...CONDITIONS },
      writes: false,
    },
    {
      // The same query with its start moved by a minute per request: every request misses the
      // time-slot answer cache, so this is the cost of computing a calendar (after a change, or a
      // range nobody asked for yet). Reported, no target.
      name: 'timeslots-uncached',
      title: `timeslots/query as above, the range moved by k minutes for request k (every answer computed, none from the cache)`,
      method: 'GET',
      auth: 'anonymous',
      path: (k) => {
        const start = new Date(slots.start.getTime() + (k % 20_000) * MINUTE_MS);
        const end = new Date(start.getTime() + 90 * DAY_MS);
        return `/v1/api/timeslots/query?listingId=${seed.capacity.timeslotListingId}&start=${start.toISOString()}&end=${end.toISOString()}&perPage=500`;
      },
      writes: false,
    },
    {
      name: 'show',
      title: `listings/show: one of ${ids.length} published listings per request, include=author,images, 2 variants`,
      method: 'GET',
      auth: 'anonymous',
      path: (k) => `/v1/api/listings/show?id=${ids[k % Math.max(1, ids.length)] ?? ''}&${IMAGE_FIELDS}`,
      writes: false,
    },
    {
      name: 'create',
      title: 'own_listings/create (transit body: title, description, geolocation, price, publicData; no images), user token',
      method: 'POST',
      auth: 'user',
      path: () => '/v1/api/own_listings/create?expand=true',
      body: (k) => {
        const f = createFields(k);
        return encodeTransit(
          {
            title: f.title,
            description: f.description,
            geolocation: new LatLng(f.geolocation.lat, f.geolocation.lng),
            price: new Money(f.price.amount, f.price.currency),
            publicData: f.publicData,
          },
          false,
        );
      },
      baselineBody: (k) => JSON.stringify(createFields(k)),
      writes: true,
    },
  ];
}
