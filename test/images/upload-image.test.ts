import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { openTestDb } from '../support/db.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { newId } from '../../src/lib/ids.ts';
import { DomainError } from '../../src/domain/errors.ts';
import {
  MAX_UPLOAD_BYTES,
  PREDEFINED_VARIANTS,
  createLocalBlobStore,
  findImageById,
  imageVariants,
  renderVariant,
  uploadImage,
  type BlobStore,
  type Image,
  type VariantSpec,
} from '../../src/domain/images/index.ts';

let handle: DbHandle;
let dir: string;
let blobs: BlobStore & { puts: number };
let mp: TestMarketplace;
let userId: string;
const publicUrl = 'http://127.0.0.1:3500';

before(async () => {
  handle = await openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'bazaar-images-'));
  const local = createLocalBlobStore(dir);
  blobs = {
    puts: 0,
    get: (key) => local.get(key),
    delete: (key) => local.delete(key),
    put(key, bytes, contentType) {
      this.puts += 1;
      return local.put(key, bytes, contentType);
    },
  };
  mp = await createTestMarketplace(handle.db);
  userId = newId();
  await handle.db
    .insertInto('users')
    .values({
      id: userId,
      marketplace_id: mp.marketplace.id,
      email: `${userId}@example.com`,
      password_hash: null,
      state: 'active',
      pending_email: null,
      first_name: 'Ada',
      last_name: 'L',
      display_name: 'Ada L',
      bio: null,
      public_data: '{}',
      protected_data: '{}',
      private_data: '{}',
      metadata: '{}',
      permissions: '{}',
      profile_image_id: null,
    })
    .execute();
});
after(async () => {
  await handle.close();
  await rm(dir, { recursive: true, force: true });
});

const upload = (bytes: Buffer, ownerUserId: string | null = userId): Promise<Image> =>
  handle.db.transaction().execute((trx) =>
    uploadImage(
      trx,
      { blobs },
      {
        marketplaceId: mp.marketplace.id,
        applicationId: ownerUserId
          ? mp.marketplaceApp.application.id
          : mp.integrationApp.application.id,
        ownerUserId,
        bytes,
      },
    ),
  );

const make = (width: number, height: number, alpha = false) =>
  sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 10, g: 120, b: 200, alpha: 0.5 } : { r: 10, g: 120, b: 200 },
    },
  });

const imageCount = async () =>
  (
    await handle.db
      .selectFrom('images')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('marketplace_id', '=', mp.marketplace.id)
      .executeTakeFirstOrThrow()
  ).n;

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

const segmentOf = (url: string) => url.split('/').at(-1) ?? '';
const urlKeyOf = (url: string) => url.split('/').at(-2) ?? '';

test('JPEG, PNG, WebP and GIF uploads are stored with their size and type', async () => {
  const cases: [Buffer, Image['contentType']][] = [
    [await make(640, 480).jpeg().toBuffer(), 'image/jpeg'],
    [await make(300, 200).png().toBuffer(), 'image/png'],
    [await make(120, 90).webp().toBuffer(), 'image/webp'],
    [await make(50, 40).gif().toBuffer(), 'image/gif'],
  ];
  for (const [bytes, contentType] of cases) {
    const image = await upload(bytes);
    assert.equal(image.contentType, contentType);
    assert.equal(image.marketplaceId, mp.marketplace.id);
    assert.equal(image.ownerUserId, userId);
    assert.equal(image.byteSize, bytes.length);
    assert.equal(image.hasAlpha, false);
    const stored = await blobs.get(image.originalKey);
    assert.deepEqual(stored, { bytes, contentType });
    assert.deepEqual(await findImageById(handle.db, mp.marketplace.id, image.id), image);
  }
  const png = await upload(await make(300, 200).png().toBuffer(), null);
  assert.deepEqual([png.width, png.height, png.ownerUserId], [300, 200, null]);
  assert.equal(await findImageById(handle.db, newId(), png.id), undefined, 'scoped by marketplace');
  assert.equal(await findImageById(handle.db, mp.marketplace.id, 'not-a-uuid'), undefined);
});

test('a text file, a truncated JPEG and an SVG are rejected with image-invalid-content and nothing is stored', async () => {
  const jpeg = await make(800, 600).jpeg().toBuffer();
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
  );
  const tiff = await make(10, 10).tiff().toBuffer();
  const before = {
    rows: await imageCount(),
    files: (await listFiles(dir)).length,
    puts: blobs.puts,
  };
  for (const bytes of [
    Buffer.from('hello, not an image\n'),
    jpeg.subarray(0, Math.floor(jpeg.length / 2)),
    svg,
    tiff,
    Buffer.alloc(0),
  ]) {
    await assert.rejects(
      upload(bytes),
      (e: unknown) =>
        e instanceof DomainError && e.kind === 'conflict' && e.code === 'image-invalid-content',
    );
  }
  assert.deepEqual(
    { rows: await imageCount(), files: (await listFiles(dir)).length, puts: blobs.puts },
    before,
  );
});

test('over 20 MB is too-large request-upload-over-limit, refused before decoding', async () => {
  const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
  big.set([0xff, 0xd8, 0xff, 0xe0]);
  const before = { rows: await imageCount(), puts: blobs.puts };
  const started = Date.now();
  await assert.rejects(
    upload(big),
    (e: unknown) =>
      e instanceof DomainError && e.kind === 'too-large' && e.code === 'request-upload-over-limit',
  );
  assert.ok(Date.now() - started < 200);
  assert.deepEqual({ rows: await imageCount(), puts: blobs.puts }, before);
});

test('EXIF orientation is applied: a rotated photo reports and renders upright', async () => {
  // Stored 200×100 with orientation 6 (rotate 90° clockwise to view): upright it is 100×200.
  const bytes = await make(200, 100).jpeg().withMetadata({ orientation: 6 }).toBuffer();
  const image = await upload(bytes);
  assert.deepEqual([image.width, image.height], [100, 200]);
  const v = imageVariants(publicUrl, image, {
    names: ['tiny'],
    custom: { tiny: { width: 50, height: 50, fit: 'scale' } },
  }).tiny;
  assert.ok(v);
  assert.deepEqual([v.width, v.height], [25, 50]);
  const blob = await renderVariant(
    handle.db,
    { blobs },
    { urlKey: urlKeyOf(v.url), segment: segmentOf(v.url) },
  );
  const meta = await sharp(blob.bytes).metadata();
  assert.deepEqual([meta.width, meta.height, meta.orientation], [25, 50, undefined]);
});

test('rendered variants decode to the reported size; the second request is served from the cache', async () => {
  const image = await upload(await make(1600, 900).jpeg().toBuffer());
  const custom: Record<string, VariantSpec> = {
    'listing-card': { width: 400, height: 400, fit: 'crop' },
    huge: { width: 3072, height: 3072, fit: 'scale' },
  };
  const variants = imageVariants(publicUrl, image, {
    names: ['default', 'landscape-crop', 'square-small', 'scaled-xlarge', 'listing-card', 'huge'],
    custom,
  });
  const expected: Record<string, [number, number]> = {
    default: [750, 422],
    'landscape-crop': [400, 267],
    'square-small': [240, 240],
    'scaled-xlarge': [1600, 900],
    'listing-card': [400, 400],
    huge: [1600, 900],
  };
  for (const [name, [w, h]] of Object.entries(expected)) {
    const v = variants[name];
    assert.ok(v, name);
    assert.deepEqual([v.width, v.height], [w, h], name);
    const blob = await renderVariant(
      handle.db,
      { blobs },
      { urlKey: urlKeyOf(v.url), segment: segmentOf(v.url) },
    );
    assert.equal(blob.contentType, 'image/jpeg');
    const meta = await sharp(blob.bytes).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', w, h], name);
  }
  const v = variants['landscape-crop'];
  assert.ok(v);
  const puts = blobs.puts;
  const first = await renderVariant(
    handle.db,
    { blobs },
    { urlKey: urlKeyOf(v.url), segment: segmentOf(v.url) },
  );
  const again = await renderVariant(
    handle.db,
    { blobs },
    { urlKey: urlKeyOf(v.url), segment: segmentOf(v.url) },
  );
  assert.equal(blobs.puts, puts, 'no re-render');
  assert.deepEqual(again, first);
});

test('a transparent PNG keeps transparency in PNG variants', async () => {
  const image = await upload(await make(400, 300, true).png().toBuffer());
  assert.equal(image.hasAlpha, true);
  const v = imageVariants(publicUrl, image, { names: ['square-small'] })['square-small'];
  assert.ok(v);
  assert.ok(v.url.endsWith('.png'));
  const blob = await renderVariant(
    handle.db,
    { blobs },
    { urlKey: urlKeyOf(v.url), segment: segmentOf(v.url) },
  );
  assert.equal(blob.contentType, 'image/png');
  const meta = await sharp(blob.bytes).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.hasAlpha], ['png', 240, 240, true]);
});

test('variant URLs are not derivable from the image id; unknown keys, forged specs and bad signatures are not found', async () => {
  const a = await upload(await make(64, 64).jpeg().toBuffer());
  const b = await upload(await make(64, 64).jpeg().toBuffer());
  const urlA = imageVariants(publicUrl, a)['square-small']?.url ?? '';
  const urlB = imageVariants(publicUrl, b)['square-small']?.url ?? '';
  for (const [image, url] of [
    [a, urlA],
    [b, urlB],
  ] as const) {
    assert.ok(!url.includes(image.id) && !url.includes(image.id.replace(/-/g, '')));
    assert.ok(image.urlKey.length >= 22, '≥128 bits');
  }
  assert.notEqual(urlKeyOf(urlA), urlKeyOf(urlB));
  const notFound = (e: unknown) => e instanceof DomainError && e.kind === 'not-found';
  const render = (urlKey: string, segment: string) =>
    renderVariant(handle.db, { blobs }, { urlKey, segment });
  await assert.rejects(render(a.id, segmentOf(urlA)), notFound);
  await assert.rejects(
    render(urlKeyOf(urlB), segmentOf(urlA)),
    notFound,
    "another image's signature",
  );
  await assert.rejects(
    render(urlKeyOf(urlA), segmentOf(urlA).replace('240x240', '241x240')),
    notFound,
    'forged spec',
  );
  await assert.rejects(render(urlKeyOf(urlA), 'garbage'), notFound);
  await assert.rejects(render('../../etc', segmentOf(urlA)), notFound);
  assert.ok((await render(urlKeyOf(urlA), segmentOf(urlA))).bytes.length > 0);
  assert.equal(
    Object.keys(imageVariants(publicUrl, a)).length,
    Object.keys(PREDEFINED_VARIANTS).length,
  );
});
