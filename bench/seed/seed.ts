/**
 * Seeds the bench marketplace: the marketplace, its Marketplace API app, a few dozen authors and a
 * writer (through the domain use cases: password hashing is slow, so few users), a handful of real
 * uploaded images, then N listings bulk-inserted straight into the table in JSON batches, then
 * VACUUM ANALYZE. A database that already holds exactly N bench listings is reused unless --reseed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { sql } from 'kysely';
import { createApplication, createMarketplace, findMarketplaceBySlug, listApplications } from '../../src/domain/marketplaces/index.ts';
import { createUser, findUserByEmail, type User } from '../../src/domain/users/index.ts';
import { createLocalBlobStore, findImagesByIds, uploadImage } from '../../src/domain/images/index.ts';
import { newId } from '../../src/lib/ids.ts';
import type { Db } from '../../src/store/db.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { progressBar } from '../progress.ts';
import { listingContent } from './corpus.ts';
import { createBenchSearchSchemas, type SearchSchemaStatus } from './search-schemas.ts';
import { TIMESLOT_LISTING_TITLE, seedCapacity, type CapacitySeed } from './capacity.ts';

export const BENCH_SLUG = 'bench';
export const BENCH_PASSWORD = 'bench-password-not-secret';
const AUTHORS = 24;
const IMAGES = 4;
const BATCH = 2000;
/** Above this many rows, secondary indexes are dropped during the load and rebuilt after it. */
const REBUILD_INDEXES_ABOVE = 50_000;

export interface SeededUser {
  id: string;
  email: string;
}

export interface SeedResult {
  marketplaceId: string;
  /** Client id of the bench Marketplace API application. */
  clientId: string;
  authors: SeededUser[];
  /** The user that own_listings/create runs as; its listings are removed before every run. */
  writer: SeededUser;
  imageIds: string[];
  /** Published listing ids for listings/show. */
  sampleListingIds: string[];
  listings: number;
  /** True when this run inserted the listings; false when an existing seed was reused. */
  seededNow: boolean;
  seedSeconds: number;
  searchSchemas: SearchSchemaStatus;
  /** Bookings and exceptions of the availability and time-slots scenarios. */
  capacity: CapacitySeed;
}

const authorEmail = (i: number): string => `author-${i}@bench.example.com`;
const WRITER_EMAIL = 'writer@bench.example.com';

async function ensureUser(db: Db, marketplaceId: string, email: string, firstName: string, lastName: string): Promise<User> {
  const existing = await findUserByEmail(db, marketplaceId, email);
  if (existing) return existing;
  return db.transaction().execute((trx) => createUser(trx, { marketplaceId, email, password: BENCH_PASSWORD, firstName, lastName }));
}

/** A small photo-like JPEG (gradient plus noise) so variants have real work to do. */
async function sampleJpeg(i: number): Promise<Buffer> {
  const width = 640;
  const height = 480;
  const hue = (i * 83) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hue},70%,60%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},60%,30%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <circle cx="${160 + i * 90}" cy="200" r="90" fill="rgba(255,255,255,0.35)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

async function ensureImages(db: Db, marketplaceId: string, applicationId: string, ownerUserId: string, blobDir: string): Promise<string[]> {
  const blobs = createLocalBlobStore(blobDir);
  const rows = await db
    .selectFrom('images')
    .select(['id', 'original_key'])
    .where('marketplace_id', '=', marketplaceId)
    .orderBy('created_at')
    .limit(IMAGES)
    .execute();
  // Reuse images whose originals are still in this blob folder (a new --work-dir loses them).
  const present = await Promise.all(rows.map(async (r) => (await blobs.get(r.original_key)) !== undefined));
  if (rows.length === IMAGES && present.every(Boolean)) return rows.map((r) => r.id);
  const ids: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    const bytes = await sampleJpeg(i);
    const image = await db.transaction().execute((trx) => uploadImage(trx, { blobs }, { marketplaceId, applicationId, ownerUserId, bytes }));
    ids.push(image.id);
  }
  return ids;
}

interface IndexDef {
  indexname: string;
  indexdef: string;
}

async function secondaryIndexes(db: Db): Promise<IndexDef[]> {
  const res = await sql<IndexDef>`
    select i.indexname, i.indexdef from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = 'listings'
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
  `.execute(db);
  return res.rows;
}

/** Inserts listings [from, to) in JSON batches; search_vector is computed as the listings store does. */
async function insertListings(
  db: Db,
  input: { marketplaceId: string; from: number; to: number; authors: SeededUser[]; imageIds: string[]; now: number; signal: AbortSignal },
): Promise<void> {
  const bar = progressBar('seeding listings', input.to - input.from);
  for (let start = input.from; start < input.to; start += BATCH) {
    if (input.signal.aborted) throw new Error('seeding interrupted (the next run re-seeds: the count will not match)');
    const end = Math.min(input.to, start + BATCH);
    const rows = [];
    for (let i = start; i < end; i++) {
      const c = listingContent(i, input.authors.length, input.imageIds.length);
      const author = input.authors[c.author];
      if (!author) throw new Error('author index out of range');
      rows.push({
        id: newId(),
        author_id: author.id,
        state: c.state,
        title: c.title,
        description: c.description,
        lat: c.lat,
        lng: c.lng,
        price_amount: c.priceAmount,
        price_currency: c.priceCurrency,
        public_data: c.publicData,
        image_ids: c.images.map((k) => input.imageIds[k]),
        availability_plan: c.availabilityPlan,
        created_at: new Date(input.now - c.ageSeconds * 1000).toISOString(),
      });
    }
    // One JSON parameter per batch works the same on pg and PGlite (no driver array encoding).
    // search_vector: the listings module's `listingSearchVector` (title A, description B, text
    // schema fields C — none here) binds values, not columns, so a set-based insert restates it;
    // checkSearchVector (bench/index.ts) compares a seeded row with it and warns on drift.
    await sql`
      insert into listings (id, marketplace_id, author_id, state, title, description, lat, lng,
        price_amount, price_currency, public_data, image_ids, availability_plan, search_vector, created_at, updated_at)
      select t.id, ${input.marketplaceId}::uuid, t.author_id, t.state, t.title, t.description, t.lat, t.lng,
        t.price_amount, t.price_currency, t.public_data, t.image_ids, t.availability_plan,
        setweight(to_tsvector('english', t.title), 'A') || setweight(to_tsvector('english', coalesce(t.description, '')), 'B'),
        t.created_at, t.created_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as t(id uuid, author_id uuid, state text, title text,
        description text, lat float8, lng float8, price_amount int8, price_currency text, public_data jsonb,
        image_ids uuid[], availability_plan jsonb, created_at timestamptz)
    `.execute(db);
    bar.tick(end - input.from);
  }
  bar.finish();
}

async function loadListings(
  db: Db,
  input: { marketplaceId: string; count: number; authors: SeededUser[]; imageIds: string[]; signal: AbortSignal; droppedIndexesFile: string },
): Promise<void> {
  const now = Date.now();
  const rebuild = input.count > REBUILD_INDEXES_ABOVE ? await secondaryIndexes(db) : [];
  if (rebuild.length > 0) {
    mkdirSync(dirname(input.droppedIndexesFile), { recursive: true });
    writeFileSync(input.droppedIndexesFile, `-- Indexes the bench dropped for its bulk load and rebuilds after it.\n${rebuild.map((i) => `${i.indexdef};`).join('\n')}\n`);
  }
  for (const idx of rebuild) await sql`drop index if exists ${sql.id(idx.indexname)}`.execute(db);
  try {
    // Deleting a previous large seed is faster without the secondary indexes too. Bookings first:
    // they reference listings (exceptions go with their listing).
    await sql`delete from bookings where marketplace_id = ${input.marketplaceId}::uuid`.execute(db);
    await sql`delete from listings where marketplace_id = ${input.marketplaceId}::uuid`.execute(db);
    await insertListings(db, { ...input, from: 0, to: input.count, now });
  } finally {
    if (rebuild.length > 0) {
      const bar = progressBar('rebuilding indexes', rebuild.length);
      let done = 0;
      for (const idx of rebuild) {
        await db.transaction().execute(async (trx) => {
          await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
          await sql.raw(idx.indexdef).execute(trx);
        });
        bar.tick(++done);
      }
      bar.finish();
      rmSync(input.droppedIndexesFile, { force: true });
    }
  }
}

/** Seeds (or reuses) the bench marketplace with `listings` listings. */
export interface SeedOptions {
  listings: number;
  reseed: boolean;
  blobDir: string;
  /** Where the definitions of indexes dropped for a large load are written (to restore by hand after a kill). */
  droppedIndexesFile: string;
  /** Aborting stops the load after the current batch; the dropped indexes are still rebuilt. */
  signal: AbortSignal;
  log: (line: string) => void;
}

export async function seedBench(db: Db, opts: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  try {
    await migrateToLatest(db);
  } catch (e) {
    // Typically migrations added out of order during development: the bench database is disposable.
    opts.log('migrating the bench database failed; it is disposable: drop it (PostgreSQL) or delete the PGlite folder under --work-dir, then rerun');
    throw e;
  }
  const marketplace =
    (await findMarketplaceBySlug(db, BENCH_SLUG)) ??
    (await db.transaction().execute((trx) => createMarketplace(trx, { slug: BENCH_SLUG, name: 'Bazaar bench' })));
  const app =
    (await listApplications(db, marketplace.id)).find((a) => a.kind === 'marketplace' && a.revokedAt === null) ??
    (await db.transaction().execute((trx) => createApplication(trx, { marketplaceSlug: BENCH_SLUG, kind: 'marketplace', name: 'bench web' }))).application;

  const authors: SeededUser[] = [];
  for (let i = 0; i < AUTHORS; i++) {
    const u = await ensureUser(db, marketplace.id, authorEmail(i), `Author${i}`, 'Bench');
    authors.push({ id: u.id, email: authorEmail(i) });
  }
  const w = await ensureUser(db, marketplace.id, WRITER_EMAIL, 'Writer', 'Bench');
  const writer = { id: w.id, email: WRITER_EMAIL };
  const firstAuthor = authors[0];
  if (!firstAuthor) throw new Error('no authors');
  const imageIds = await ensureImages(db, marketplace.id, app.id, firstAuthor.id, opts.blobDir);
  if ((await findImagesByIds(db, marketplace.id, imageIds)).length !== imageIds.length) throw new Error('seeded images not found');

  // Listings the create scenario made last time would skew counts and result pages.
  await sql`delete from listings where marketplace_id = ${marketplace.id}::uuid and author_id = ${writer.id}::uuid`.execute(db);
  // The time-slots scenario's listing is not one of the N. A seed from before availability plans
  // were generated (no listing has one) is loaded again.
  const countRes = await sql<{ n: number | string; plans: boolean }>`
    select count(*) as n, bool_or(availability_plan is not null) as plans from listings
    where marketplace_id = ${marketplace.id}::uuid and title <> ${TIMESLOT_LISTING_TITLE}`.execute(db);
  const existing = Number(countRes.rows[0]?.n ?? 0);
  const reuse = existing === opts.listings && countRes.rows[0]?.plans === true && !opts.reseed;
  const searchSchemas = await createBenchSearchSchemas(db, marketplace.id);
  if (reuse) {
    opts.log(`reusing the seeded bench marketplace (${existing} listings); --reseed forces a new seed`);
  } else {
    opts.log(existing > 0 ? `re-seeding: found ${existing} bench listings, want ${opts.listings}` : `seeding ${opts.listings} listings`);
    await loadListings(db, { marketplaceId: marketplace.id, count: opts.listings, authors, imageIds, signal: opts.signal, droppedIndexesFile: opts.droppedIndexesFile });
  }
  const capacity = await seedCapacity(db, { marketplaceId: marketplace.id, authorId: firstAuthor.id, now: new Date(), log: opts.log });
  // After a bulk load, VACUUM too: a reseed leaves the deleted rows behind, and a fresh visibility
  // map lets index-only scans work as they would on a settled production table.
  await (reuse ? sql`analyze listings` : sql`vacuum analyze listings`).execute(db);
  await sql`analyze users`.execute(db);
  await sql`analyze bookings`.execute(db);
  await sql`analyze availability_exceptions`.execute(db);
  await sql`analyze images`.execute(db);
  const sample = await sql<{ id: string }>`
    select id from listings
    where marketplace_id = ${marketplace.id}::uuid and state = 'published' and not deleted
    order by md5(id::text) limit 1000
  `.execute(db);
  return {
    marketplaceId: marketplace.id,
    clientId: app.clientId,
    authors,
    writer,
    imageIds,
    sampleListingIds: sample.rows.map((r) => r.id),
    listings: opts.listings,
    seededNow: !reuse,
    seedSeconds: (Date.now() - started) / 1000,
    searchSchemas,
    capacity,
  };
}
