/**
 * The bare baseline: plain Fastify, no auth, no transit, no envelope machinery — JSON straight from
 * the same SQL Bazaar runs. Started by the bench as a child process:
 *
 *   node --import tsx bench/servers/baseline-server.ts   (env below)
 *
 * - listings/query: `searchListings` (the listings search module's statement: one page + capped
 *   count; availability parameters too), then ONE users query and ONE images query for the includes.
 * - listings/show: `showListing` (row + author check), then the author and images.
 * - own_listings/create: `createOwnListing` in a transaction (row, search vector, event).
 *
 * Env: PORT, BENCH_MARKETPLACE_ID, BENCH_WRITER_ID, BENCH_CLIENT_ID, and DATABASE_URL (server)
 * or BENCH_PGLITE_DIR (the data folder holding pglite/).
 */
import Fastify from 'fastify';
import { findImagesByIds, type Image } from '../../src/domain/images/index.ts';
import { AVAILABILITY_MODES, createOwnListing, searchListings, showListing, type Listing } from '../../src/domain/listings/index.ts';
import { acquireDataDirLock } from '../../src/store/data-dir-lock.ts';
import { connectPostgres, openPglite, type Db, type DbHandle } from '../../src/store/db.ts';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const marketplaceId = env('BENCH_MARKETPLACE_ID');
const writerId = env('BENCH_WRITER_ID');
const clientId = env('BENCH_CLIENT_ID');
const port = Number(env('PORT'));

type Query = Record<string, string | undefined>;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const queryOf = (q: unknown): Query => {
  const out: Query = {};
  if (isRecord(q)) for (const [k, v] of Object.entries(q)) if (typeof v === 'string') out[k] = v;
  return out;
};
const numbers = (raw: string | undefined): (number | null)[] | undefined => raw?.split(',').map((s) => (s.trim() === '' ? null : Number(s)));

const listingJson = (l: Listing) => ({
  id: l.id,
  type: 'listing',
  attributes: {
    title: l.title,
    description: l.description,
    geolocation: l.geolocation,
    price: l.price,
    publicData: l.publicData,
    state: l.state,
    deleted: l.deleted,
    createdAt: l.createdAt.toISOString(),
  },
  relationships: { author: { id: l.authorId }, images: l.imageIds.map((id) => ({ id })) },
});
const imageJson = (i: Image) => ({ id: i.id, type: 'image', attributes: { width: i.width, height: i.height } });

async function included(db: Db, listings: Listing[]) {
  const authorIds = [...new Set(listings.map((l) => l.authorId))];
  const imageIds = [...new Set(listings.flatMap((l) => l.imageIds))];
  const [users, images] = await Promise.all([
    authorIds.length === 0
      ? []
      : db
          .selectFrom('users')
          .select(['id', 'display_name', 'first_name', 'last_name', 'created_at'])
          .where('marketplace_id', '=', marketplaceId)
          .where('id', 'in', authorIds)
          .execute(),
    imageIds.length === 0 ? [] : findImagesByIds(db, marketplaceId, imageIds),
  ]);
  return [
    ...users.map((u) => ({ id: u.id, type: 'user', attributes: { profile: { displayName: u.display_name, abbreviatedName: `${u.first_name.slice(0, 1)}${u.last_name.slice(0, 1)}` }, createdAt: u.created_at } })),
    ...images.map(imageJson),
  ];
}

async function open(): Promise<{ handle: DbHandle; release(): void }> {
  const url = process.env.DATABASE_URL;
  if (url) return { handle: connectPostgres(url), release: () => undefined };
  const dir = env('BENCH_PGLITE_DIR');
  const lock = acquireDataDirLock(dir, 'bench baseline');
  return { handle: await openPglite(dir), release: () => lock.release() };
}

const { handle, release } = await open();
const db = handle.db;
const app = Fastify({ logger: false });

app.get('/health', async () => ({ status: 'ok' }));

app.get('/v1/api/listings/query', async (request) => {
  const q = queryOf(request.query);
  const bounds = numbers(q.bounds);
  const price = numbers(q.price);
  const extendedData: Record<string, string> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && (k.startsWith('pub_') || k.startsWith('meta_'))) extendedData[k] = v;
  const [neLat, neLng, swLat, swLng] = bounds ?? [];
  const mode = AVAILABILITY_MODES.find((m) => m === q.availability);
  const result = await searchListings(db, {
    marketplaceId,
    audience: { kind: 'public' },
    ...(q.keywords !== undefined ? { keywords: q.keywords } : {}),
    ...(bounds ? { bounds: { ne: { lat: neLat ?? 0, lng: neLng ?? 0 }, sw: { lat: swLat ?? 0, lng: swLng ?? 0 } } } : {}),
    ...(price ? { price: { min: price[0] ?? null, max: price[1] ?? null } } : {}),
    ...(q.start && q.end
      ? { availability: { start: new Date(q.start), end: new Date(q.end), now: new Date(), ...(mode ? { mode } : {}), ...(q.seats ? { seats: Number(q.seats) } : {}) } }
      : {}),
    extendedData,
    page: Number(q.page ?? 1),
    perPage: Number(q.perPage ?? 100),
  });
  return {
    data: result.listings.map(listingJson),
    included: await included(db, result.listings),
    meta: { totalItems: result.totalItems, page: result.page, perPage: result.perPage, paginationLimit: result.paginationLimit },
  };
});

app.get('/v1/api/listings/show', async (request, reply) => {
  const id = queryOf(request.query).id ?? '';
  try {
    const listing = await showListing(db, { marketplaceId, id });
    return { data: listingJson(listing), included: await included(db, [listing]) };
  } catch {
    return reply.code(404).send({ errors: [{ status: 404, code: 'not-found' }] });
  }
});

app.post('/v1/api/own_listings/create', async (request, reply) => {
  const b = isRecord(request.body) ? request.body : {};
  const geo = isRecord(b.geolocation) && typeof b.geolocation.lat === 'number' && typeof b.geolocation.lng === 'number' ? { lat: b.geolocation.lat, lng: b.geolocation.lng } : null;
  const price = isRecord(b.price) && typeof b.price.amount === 'number' && typeof b.price.currency === 'string' ? { amount: b.price.amount, currency: b.price.currency } : null;
  const listing = await db.transaction().execute((trx) =>
    createOwnListing(trx, {
      marketplaceId,
      actor: { kind: 'user', userId: writerId, clientId, requestId: null },
      draft: false,
      fields: {
        title: typeof b.title === 'string' ? b.title : 'untitled',
        description: typeof b.description === 'string' ? b.description : null,
        geolocation: geo,
        price,
        publicData: isRecord(b.publicData) ? b.publicData : {},
      },
      now: new Date(),
    }),
  );
  return reply.code(200).send({ data: listingJson(listing) });
});

const shutdown = async (): Promise<void> => {
  await app.close();
  await handle.close();
  release();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());

await app.listen({ host: '127.0.0.1', port });
