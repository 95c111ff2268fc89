import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError } from '../../domain/errors.ts';
import { Uuid } from '../../lib/values.ts';
import {
  buildDocument,
  documentToWire,
  mergeGraphs,
  paginationMeta,
  type Resource,
  type ResourceGraph,
} from './envelope.ts';
import { encodeJson } from './json.ts';

const id = (n: number) => new Uuid(`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`);
const listing = (
  n: number,
  author: number,
  images: number[],
): Resource & { author: number; images: number[] } => ({
  id: id(n),
  type: 'listing',
  attributes: { title: `L${n}`, publicData: { listingType: 'rent', color: 'red' }, price: null },
  author,
  images,
});
const user = (n: number): Resource => ({
  id: id(n),
  type: 'user',
  attributes: { profile: { displayName: `U${n}`, abbreviatedName: 'U', bio: 'x' }, banned: false },
});
const image = (n: number): Resource => ({
  id: id(n),
  type: 'image',
  attributes: { variants: { 'square-small': { width: 240 }, default: { width: 750 } } },
});

const listings = [listing(1, 100, [200, 201, 202]), listing(2, 100, []), listing(3, 101, [203])];
const profileImages: Record<number, number | undefined> = { 100: 300 };

/** A graph that records every resolver call. */
const makeGraph = () => {
  const calls: string[] = [];
  const numberOf = (r: Resource) => Number(r.id.uuid.slice(-12));
  const graph: ResourceGraph = {
    listing: {
      author: async (parents) => {
        calls.push(`listing.author:${parents.length}`);
        const byId = new Map(listings.map((l) => [l.id.uuid, l]));
        return new Map(parents.map((p) => [p.id.uuid, user(byId.get(p.id.uuid)?.author ?? 0)]));
      },
      images: async (parents) => {
        calls.push(`listing.images:${parents.length}`);
        const byId = new Map(listings.map((l) => [l.id.uuid, l]));
        return new Map(
          parents.map((p) => [p.id.uuid, (byId.get(p.id.uuid)?.images ?? []).map(image)]),
        );
      },
    },
    user: {
      profileImage: async (parents) => {
        calls.push(`user.profileImage:${parents.length}`);
        return new Map(
          parents.map((p) => {
            const img = profileImages[numberOf(p)];
            return [p.id.uuid, img === undefined ? null : image(img)];
          }),
        );
      },
    },
  };
  return { graph, calls };
};

const asResources = (rs: Resource[]): Resource[] =>
  rs.map(({ id, type, attributes }) => ({ id, type, attributes }));

test('no include: no relationships, empty included', async () => {
  const doc = await buildDocument({ data: asResources(listings), meta: { page: 1 } });
  assert.ok(Array.isArray(doc.data));
  assert.equal(doc.data.length, 3);
  assert.ok(doc.data.every((r) => r.relationships === undefined));
  assert.deepEqual(doc.included, []);
  assert.deepEqual(doc.meta, { page: 1 });
});

test('nested includes resolve level by level, batched, deduplicated', async () => {
  const { graph, calls } = makeGraph();
  const doc = await buildDocument({
    data: asResources(listings),
    include: [['author'], ['author', 'profileImage'], ['images']],
    graph,
  });
  assert.deepEqual(calls.sort(), ['listing.author:3', 'listing.images:3', 'user.profileImage:2']);
  assert.ok(Array.isArray(doc.data));
  const [first, second] = doc.data;
  assert.deepEqual(first?.relationships, {
    author: { data: { id: id(100), type: 'user' } },
    images: { data: [200, 201, 202].map((n) => ({ id: id(n), type: 'image' })) },
  });
  assert.deepEqual(second?.relationships?.images, { data: [] });
  const keys = doc.included.map((r) => `${r.type}:${Number(r.id.uuid.slice(-12))}`);
  assert.deepEqual([...keys].sort(), [
    'image:200',
    'image:201',
    'image:202',
    'image:203',
    'image:300',
    'user:100',
    'user:101',
  ]);
  assert.equal(new Set(keys).size, keys.length, 'each included resource once');
  const u100 = doc.included.find((r) => r.type === 'user' && r.id.uuid === id(100).uuid);
  const u101 = doc.included.find((r) => r.type === 'user' && r.id.uuid === id(101).uuid);
  assert.deepEqual(u100?.relationships, { profileImage: { data: { id: id(300), type: 'image' } } });
  assert.deepEqual(u101?.relationships, { profileImage: { data: null } });
  // Every reference has its resource in data or included.
  const present = new Set([...doc.data, ...doc.included].map((r) => `${r.type}/${r.id.uuid}`));
  for (const r of [...doc.data, ...doc.included]) {
    for (const rel of Object.values(r.relationships ?? {})) {
      const refs = rel.data === null ? [] : Array.isArray(rel.data) ? rel.data : [rel.data];
      for (const ref of refs) assert.ok(present.has(`${ref.type}/${ref.id.uuid}`));
    }
  }
});

test('references to primary data are not duplicated into included', async () => {
  const users = [user(100), user(101)];
  const graph: ResourceGraph = {
    user: {
      friend: async (parents) =>
        new Map(parents.map((p, i) => [p.id.uuid, users[(i + 1) % 2] ?? null])),
    },
  };
  const doc = await buildDocument({ data: users, include: [['friend']], graph });
  assert.deepEqual(doc.included, []);
  assert.ok(Array.isArray(doc.data));
  assert.deepEqual(doc.data[0]?.relationships, { friend: { data: { id: id(101), type: 'user' } } });
});

test('limit.<rel> caps to-many relationships and what is included', async () => {
  const { graph } = makeGraph();
  const doc = await buildDocument({
    data: asResources(listings),
    include: [['images']],
    graph,
    limits: { images: 1 },
  });
  assert.ok(Array.isArray(doc.data));
  assert.deepEqual(doc.data[0]?.relationships?.images, { data: [{ id: id(200), type: 'image' }] });
  assert.deepEqual(doc.included.map((r) => Number(r.id.uuid.slice(-12))).sort(), [200, 203]);
});

test('unknown relationship in include → 400 validation-invalid-value at query path include', async () => {
  const { graph } = makeGraph();
  for (const include of [[['owner']], [['author', 'nope']]]) {
    await assert.rejects(
      buildDocument({ data: asResources(listings), include, graph }),
      (err: unknown) =>
        err instanceof DomainError &&
        err.code === 'validation-invalid-value' &&
        err.source?.type === 'query' &&
        err.source.path[0] === 'include',
    );
  }
  // Detected even without data when the primary type is given.
  await assert.rejects(
    buildDocument({ data: [], type: 'listing', include: [['owner']], graph }),
    DomainError,
  );
  await buildDocument({ data: [], type: 'listing', include: [['author']], graph });
});

test('sparse fieldsets apply to data and included, with nested paths and none', async () => {
  const { graph } = makeGraph();
  const doc = await buildDocument({
    data: asResources(listings).slice(0, 1),
    include: [['author'], ['images']],
    graph,
    fields: {
      listing: ['title', 'publicData.listingType'],
      user: ['profile.displayName'],
      image: ['variants.square-small'],
    },
  });
  assert.ok(Array.isArray(doc.data));
  assert.deepEqual(doc.data[0]?.attributes, { title: 'L1', publicData: { listingType: 'rent' } });
  const author = doc.included.find((r) => r.type === 'user');
  assert.deepEqual(author?.attributes, { profile: { displayName: 'U100' } });
  const img = doc.included.find((r) => r.type === 'image');
  assert.deepEqual(img?.attributes, { variants: { 'square-small': { width: 240 } } });

  const none = await buildDocument({ data: user(1), fields: { user: [] } });
  assert.deepEqual(none.data, { id: id(1), type: 'user', attributes: {} });
  const whole = await buildDocument({
    data: user(1),
    fields: { user: ['profile', 'profile.bio'] },
  });
  assert.deepEqual(whole.data, {
    id: id(1),
    type: 'user',
    attributes: { profile: user(1).attributes.profile },
  });
});

test('expand false reduces primary data to id and type, keeping asked relationships', async () => {
  const { graph } = makeGraph();
  const doc = await buildDocument({
    data: asResources(listings)[0] ?? null,
    expand: false,
    include: [['author']],
    graph,
  });
  assert.deepEqual(doc.data, {
    id: id(1),
    type: 'listing',
    relationships: { author: { data: { id: id(100), type: 'user' } } },
  });
  assert.equal(doc.included.length, 1);
  assert.ok(doc.included[0]?.attributes);
  const bare = await buildDocument({ data: user(5), expand: false });
  assert.deepEqual(bare.data, { id: id(5), type: 'user' });
});

test('single and null data; caller objects are not mutated', async () => {
  const { graph } = makeGraph();
  const source = asResources(listings)[0];
  assert.ok(source);
  const doc = await buildDocument({ data: source, include: [['author']], graph });
  assert.ok(!Array.isArray(doc.data) && doc.data?.relationships?.author);
  assert.equal(source.relationships, undefined);
  assert.deepEqual(await buildDocument({ data: null }), { data: null, included: [], meta: {} });
});

test('documentToWire emits types as keywords (plain strings in JSON)', async () => {
  const doc = await buildDocument({ data: user(1), meta: {} });
  assert.deepEqual(JSON.parse(encodeJson(documentToWire(doc))), {
    data: { id: id(1).uuid, type: 'user', attributes: user(1).attributes },
    included: [],
    meta: {},
  });
});

test('paginationMeta', () => {
  assert.deepEqual(paginationMeta({ page: 2, perPage: 10, totalItems: 21 }), {
    totalItems: 21,
    totalPages: 3,
    page: 2,
    perPage: 10,
  });
  assert.deepEqual(paginationMeta({ page: 1, perPage: 100, totalItems: 0, paginationLimit: 100 }), {
    totalItems: 0,
    totalPages: 0,
    page: 1,
    perPage: 100,
    paginationLimit: 100,
  });
});

test('mergeGraphs: a relationship two presenters define asks both, first non-empty answer per parent', async () => {
  const user = (n: number): Resource => ({ id: id(n), type: 'user', attributes: {} });
  const image = (n: number): Resource => ({ id: id(n), type: 'image', attributes: {} });
  // Each presenter knows the profile image of the users it presented, and nothing of the others.
  const knows = (known: Record<string, Resource>) => ({
    user: {
      profileImage: async (parents: Resource[]) =>
        new Map(parents.map((p) => [p.id.uuid, known[p.id.uuid] ?? null] as const)),
    },
  });
  const graph = mergeGraphs(knows({ [id(1).uuid]: image(11) }), knows({ [id(2).uuid]: image(12) }), {
    user: {},
  });
  const resolve = graph.user?.profileImage;
  assert.ok(resolve);
  const answers = await resolve([user(1), user(2), user(3)]);
  assert.deepEqual(answers.get(id(1).uuid), image(11));
  assert.deepEqual(answers.get(id(2).uuid), image(12));
  assert.equal(answers.get(id(3).uuid), null);
});
