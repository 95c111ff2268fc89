/**
 * Realistic, deterministic listing content for the bench: titles, descriptions, locations around
 * real cities, prices on a log scale, extended data with searchable keys. The same seed gives the
 * same rows, so runs on different machines query comparable data.
 */

/** mulberry32: a tiny, fast, seedable PRNG (quality is plenty for test data). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, items: readonly T[]): T => {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

export interface City {
  name: string;
  lat: number;
  lng: number;
}

/** Cities listings cluster around (±0.25° jitter). The search scenario's bounds box Helsinki. */
export const CITIES: readonly City[] = [
  { name: 'Helsinki', lat: 60.1699, lng: 24.9384 },
  { name: 'Stockholm', lat: 59.3293, lng: 18.0686 },
  { name: 'Oslo', lat: 59.9139, lng: 10.7522 },
  { name: 'Copenhagen', lat: 55.6761, lng: 12.5683 },
  { name: 'Berlin', lat: 52.52, lng: 13.405 },
  { name: 'Amsterdam', lat: 52.3676, lng: 4.9041 },
  { name: 'Paris', lat: 48.8566, lng: 2.3522 },
  { name: 'Lisbon', lat: 38.7223, lng: -9.1393 },
  { name: 'Madrid', lat: 40.4168, lng: -3.7038 },
  { name: 'Rome', lat: 41.9028, lng: 12.4964 },
  { name: 'Vienna', lat: 48.2082, lng: 16.3738 },
  { name: 'Prague', lat: 50.0755, lng: 14.4378 },
  { name: 'Warsaw', lat: 52.2297, lng: 21.0122 },
  { name: 'Tallinn', lat: 59.437, lng: 24.7536 },
  { name: 'Dublin', lat: 53.3498, lng: -6.2603 },
  { name: 'London', lat: 51.5074, lng: -0.1278 },
  { name: 'Edinburgh', lat: 55.9533, lng: -3.1883 },
  { name: 'Zurich', lat: 47.3769, lng: 8.5417 },
  { name: 'Barcelona', lat: 41.3851, lng: 2.1734 },
  { name: 'Athens', lat: 37.9838, lng: 23.7275 },
];

/** `pub_category` values (an enum search schema). */
export const CATEGORIES = ['cabin', 'cottage', 'apartment', 'loft', 'boat', 'camper', 'tent', 'studio', 'villa', 'treehouse'] as const;
/** `pub_amenities` values (a multi-enum search schema). */
export const AMENITIES = ['wifi', 'sauna', 'parking', 'pets', 'kitchen', 'pool', 'fireplace', 'bbq', 'washer', 'workspace'] as const;

const ADJECTIVES = [
  'Cozy', 'Bright', 'Quiet', 'Spacious', 'Rustic', 'Modern', 'Charming', 'Secluded', 'Sunny', 'Historic',
  'Lakeside', 'Seaside', 'Minimalist', 'Family-friendly', 'Romantic', 'Renovated', 'Scandinavian', 'Classic',
];
const NOUN_BY_CATEGORY: Record<(typeof CATEGORIES)[number], readonly string[]> = {
  cabin: ['cabin', 'log cabin', 'forest cabin'],
  cottage: ['cottage', 'summer cottage', 'stone cottage'],
  apartment: ['apartment', 'flat', 'city apartment'],
  loft: ['loft', 'attic loft', 'warehouse loft'],
  boat: ['sailboat', 'houseboat', 'motorboat'],
  camper: ['camper van', 'campervan', 'caravan'],
  tent: ['glamping tent', 'bell tent', 'yurt'],
  studio: ['studio', 'artist studio', 'garden studio'],
  villa: ['villa', 'beach villa', 'hillside villa'],
  treehouse: ['treehouse', 'tree cabin', 'canopy house'],
};
const FEATURES = [
  'with sauna', 'by the lake', 'near the old town', 'with a sea view', 'in the forest', 'close to the metro',
  'with a fireplace', 'with free parking', 'for remote work', 'with a garden', 'on the waterfront', 'near hiking trails',
];
const SENTENCES = [
  'Wake up to birdsong and fresh coffee on the terrace.',
  'The kitchen is fully equipped for longer stays.',
  'Perfect base for exploring the city on foot or by bike.',
  'Fast wifi and a proper desk make remote work easy.',
  'The wood-fired sauna is heated on request every evening.',
  'Bed linen and towels are included in the price.',
  'Public transport stops right outside the door.',
  'Pets are welcome by arrangement with the host.',
  'The neighbourhood has bakeries, markets and quiet parks.',
  'A short walk takes you to the beach and the harbour.',
  'Check-in is contactless with a key box.',
  'The host lives nearby and is happy to share local tips.',
  'Ski slopes and cross-country tracks are twenty minutes away.',
  'Kayaks and life jackets are free for guests to use.',
  'The living room has a fireplace and a large sofa bed.',
  'Families appreciate the fenced garden and the playground next door.',
];

export interface ListingContent {
  title: string;
  description: string;
  lat: number;
  lng: number;
  priceAmount: number;
  priceCurrency: string;
  publicData: { category: string; amenities: string[]; capacity: number; city: string };
  state: 'published' | 'closed' | 'draft';
  /** Index into the author list. */
  author: number;
  /** Indexes into the seeded image list (1–3 of them). */
  images: number[];
  /** Seconds before the seed time (spread over two years). */
  ageSeconds: number;
  /** 70 % none (one seat every day), 20 % day plans, 10 % time plans (see BENCH_PLANS). */
  availabilityPlan: BenchPlan | null;
}

type BenchPlan =
  | { type: 'availability-plan/day'; entries: { dayOfWeek: string; seats: number }[] }
  | { type: 'availability-plan/time'; timezone: string; entries: { dayOfWeek: string; startTime: string; endTime: string; seats: number }[] };

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
/** The plans bench listings get: two day plans (one closed at weekends) and an office-hours time plan. */
export const BENCH_PLANS: readonly BenchPlan[] = [
  { type: 'availability-plan/day', entries: [...WEEKDAYS, 'sat', 'sun'].map((d) => ({ dayOfWeek: d, seats: d === 'sat' || d === 'sun' ? 2 : 1 })) },
  { type: 'availability-plan/day', entries: WEEKDAYS.map((d) => ({ dayOfWeek: d, seats: 3 })) },
  {
    type: 'availability-plan/time',
    timezone: 'Europe/Helsinki',
    entries: WEEKDAYS.flatMap((d) => [
      { dayOfWeek: d, startTime: '09:00', endTime: '12:00', seats: 1 },
      { dayOfWeek: d, startTime: '13:00', endTime: '17:00', seats: 1 },
    ]),
  },
];

/** The content of listing number `i` (deterministic in `i`). */
export function listingContent(i: number, authors: number, images: number): ListingContent {
  const rand = prng(0x9e3779b9 ^ (i * 2654435761));
  const category = pick(rand, CATEGORIES);
  const city = pick(rand, CITIES);
  const amenities = AMENITIES.filter(() => rand() < 0.3);
  const sentences = 2 + Math.floor(rand() * 3);
  const description = Array.from({ length: sentences }, () => pick(rand, SENTENCES)).join(' ');
  const noun = pick(rand, NOUN_BY_CATEGORY[category]);
  // Prices from 10 to 800 EUR per night on a log scale; 10 % in other currencies.
  const priceAmount = Math.round(Math.exp(Math.log(1000) + rand() * Math.log(80)) / 100) * 100;
  const r = rand();
  const state = r < 0.95 ? 'published' : r < 0.98 ? 'closed' : 'draft';
  const imageCount = 1 + Math.floor(rand() * Math.min(3, images));
  const first = Math.floor(rand() * images);
  return {
    title: `${pick(rand, ADJECTIVES)} ${noun} ${pick(rand, FEATURES)} in ${city.name}`,
    description: `${description} Located in ${city.name}.`,
    lat: city.lat + (rand() - 0.5) * 0.5,
    lng: city.lng + (rand() - 0.5) * 0.5,
    priceAmount,
    priceCurrency: rand() < 0.9 ? 'EUR' : pick(rand, ['USD', 'SEK', 'NOK', 'GBP']),
    publicData: { category, amenities, capacity: 1 + Math.floor(rand() * 12), city: city.name },
    state,
    author: Math.floor(rand() * authors),
    images: Array.from({ length: imageCount }, (_, k) => (first + k) % images),
    ageSeconds: Math.floor(rand() * 2 * 365 * 24 * 3600),
    // Drawn last, so every other field is what it was before plans were seeded.
    availabilityPlan: ((roll: number) => (roll < 0.7 ? null : roll < 0.8 ? BENCH_PLANS[0] : roll < 0.9 ? BENCH_PLANS[1] : BENCH_PLANS[2]) ?? null)(rand()),
  };
}
