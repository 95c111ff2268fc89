/**
 * Stock over HTTP (JSON) on both APIs: `stock/compare_and_set`, `stock_adjustments/create|query`
 * and the listing's `currentStock`; visibility per caller (author, other user, anonymous,
 * operator); the ledger behind every total (read straight from the tables); the events; and bad
 * input, each a 400 with the catalogue code and nothing stored.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { queryEvents } from '../../src/domain/events/index.ts';
import { stockIdOf } from '../../src/domain/stock/index.ts';
import { Keyword, Uuid } from '../../src/lib/values.ts';
import {
  createListing,
  ledgerOf,
  listingEventTypes,
  NOW,
  stockWorld,
  window,
  type StockWorld,
} from './helpers.ts';

let w: StockWorld;

before(async () => {
  w = await stockWorld();
});
after(async () => w.server.close());

const HOUR = 3_600_000;
const YEAR_WINDOW = window('2029-06-01T00:00:00Z', '2030-01-08T00:00:00Z');

type Doc = {
  id: string;
  type: string;
  attributes?: Record<string, unknown>;
  relationships?: Record<string, { data: unknown }>;
};
const attributesOf = (data: unknown) => (data as Doc[]).map((d) => d.attributes);

/** The listing's `currentStock` as the author sees it through own_listings/show. */
async function currentStock(listingId: string): Promise<unknown> {
  const res = await w.asAlice.get(`own_listings/show?id=${listingId}&include=currentStock`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const rel = res.body.data?.relationships?.currentStock?.data as {
    id: string;
    type: string;
  } | null;
  if (rel === null) return null;
  const stock = res.body.included?.find((r) => r.type === 'stock' && r.id === rel?.id);
  assert.ok(stock, 'the referenced stock is included');
  return { id: stock.id, quantity: stock.attributes?.quantity };
}

test('the author sets stock with compare_and_set; the listing shows it as currentStock; the ledger adds up', async () => {
  const id = await createListing(w.asAlice);
  assert.equal(await currentStock(id), null);

  const set = await w.asAlice.post('stock/compare_and_set?expand=true', {
    listingId: id,
    oldTotal: null,
    newTotal: 5,
  });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.deepEqual(set.body.data, {
    id: stockIdOf(id),
    type: 'stock',
    attributes: { quantity: 5 },
  });
  assert.deepEqual(await currentStock(id), { id: stockIdOf(id), quantity: 5 });
  assert.deepEqual(await ledgerOf(w.server.handle.db, id), {
    total: 5,
    sum: 5,
    entries: [{ quantity: 5, reservationId: null }],
  });

  // Without expand a command returns {id, type}; a stale oldTotal is refused and changes nothing.
  const lower = await w.asAlice.post('stock/compare_and_set', {
    listingId: id,
    oldTotal: 5,
    newTotal: 2,
  });
  assert.deepEqual(lower.body.data, { id: stockIdOf(id), type: 'stock' });
  for (const oldTotal of [null, 5, 3]) {
    const stale = await w.asAlice.post('stock/compare_and_set', {
      listingId: id,
      oldTotal,
      newTotal: 9,
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.errors?.[0]?.code, 'old-total-mismatch');
  }
  const ledger = await ledgerOf(w.server.handle.db, id);
  assert.deepEqual(
    ledger.entries.map((e) => e.quantity),
    [5, -3],
  );
  assert.equal(ledger.total, 2);
  assert.equal(ledger.sum, 2);

  // The public view and the Integration API show the same stock.
  const pub = await w.asAnon.get(`listings/show?id=${id}&include=currentStock`);
  assert.deepEqual(pub.body.data?.relationships?.currentStock, {
    data: { id: stockIdOf(id), type: 'stock' },
  });
  assert.deepEqual(pub.body.included, [
    { id: stockIdOf(id), type: 'stock', attributes: { quantity: 2 } },
  ]);
  const ia = await w.asInteg.get(`listings/show?id=${id}&include=currentStock`);
  assert.deepEqual(ia.body.included, [
    { id: stockIdOf(id), type: 'stock', attributes: { quantity: 2 } },
  ]);
  // listings/query carries it too.
  const q = await w.asAnon.get(`listings/query?ids=${id}&include=currentStock`);
  assert.deepEqual(q.body.included, [
    { id: stockIdOf(id), type: 'stock', attributes: { quantity: 2 } },
  ]);

  // Each recorded adjustment appended stockAdjustment/created, from the Marketplace API, by Alice.
  assert.deepEqual(
    (await listingEventTypes(w.server.handle.db, w.m.marketplace.id, id)).filter((t) =>
      t.startsWith('stock'),
    ),
    ['stockAdjustment/created', 'stockAdjustment/created'],
  );
  const events = await queryEvents(w.server.handle.db, w.m.marketplace.id, {
    relatedResourceId: id,
    eventTypes: ['stockAdjustment/created'],
  });
  const first = events[0];
  assert.equal(first?.source, 'source/marketplace-api');
  assert.equal(first?.auditData.userId, w.alice.user.id);
  assert.deepEqual(first?.resource, {
    id: new Uuid(first?.resourceId ?? ''),
    type: new Keyword('stockAdjustment'),
    attributes: { at: NOW, quantity: 5 },
    relationships: {
      listing: { data: { id: new Uuid(id), type: new Keyword('listing') } },
      stockReservation: { data: null },
    },
  });
});

test('defining stock at 0 records no adjustment (adjustments are non-zero) but makes the total defined', async () => {
  const id = await createListing(w.asAlice, { draft: true });
  const zero = await w.asAlice.post('stock/compare_and_set?expand=true', {
    listingId: id,
    oldTotal: null,
    newTotal: 0,
  });
  assert.equal(zero.status, 200, JSON.stringify(zero.body));
  assert.deepEqual(zero.body.data?.attributes, { quantity: 0 });
  assert.deepEqual(await ledgerOf(w.server.handle.db, id), { total: 0, sum: 0, entries: [] });
  assert.deepEqual(await currentStock(id), { id: stockIdOf(id), quantity: 0 });
  // Now the total is 0, not undefined: null no longer matches; 0 → 0 changes nothing.
  assert.equal(
    (await w.asAlice.post('stock/compare_and_set', { listingId: id, oldTotal: null, newTotal: 0 }))
      .body.errors?.[0]?.code,
    'old-total-mismatch',
  );
  assert.equal(
    (await w.asAlice.post('stock/compare_and_set', { listingId: id, oldTotal: 0, newTotal: 0 }))
      .status,
    200,
  );
  assert.deepEqual(await ledgerOf(w.server.handle.db, id), { total: 0, sum: 0, entries: [] });
  assert.deepEqual(
    await listingEventTypes(w.server.handle.db, w.m.marketplace.id, id).then((t) =>
      t.filter((e) => e.startsWith('stock')),
    ),
    [],
  );
});

test('adjustments add and remove units, never below 0; includes ownListing, ownListing.currentStock, stockReservation', async () => {
  const id = await createListing(w.asAlice);
  const add = await w.asAlice.post(
    'stock_adjustments/create?expand=true&include=ownListing,ownListing.currentStock,stockReservation',
    { listingId: id, quantity: 4 },
  );
  assert.equal(add.status, 200, JSON.stringify(add.body));
  assert.equal(add.body.data?.type, 'stockAdjustment');
  assert.deepEqual(add.body.data?.attributes, { at: NOW.toISOString(), quantity: 4 });
  assert.deepEqual(add.body.data?.relationships, {
    ownListing: { data: { id, type: 'ownListing' } },
    stockReservation: { data: null },
  });
  const own = add.body.included?.find((r) => r.type === 'ownListing');
  assert.deepEqual(own?.relationships?.currentStock, {
    data: { id: stockIdOf(id), type: 'stock' },
  });
  assert.deepEqual(add.body.included?.find((r) => r.type === 'stock')?.attributes, { quantity: 4 });

  const remove = await w.asAlice.post('stock_adjustments/create', { listingId: id, quantity: -3 });
  assert.equal(remove.status, 200);
  assert.equal(remove.body.data?.attributes, undefined);
  const tooMany = await w.asAlice.post('stock_adjustments/create', { listingId: id, quantity: -2 });
  assert.equal(tooMany.status, 409);
  assert.equal(tooMany.body.errors?.[0]?.code, 'stock-total-negative');
  assert.deepEqual(await ledgerOf(w.server.handle.db, id), {
    total: 1,
    sum: 1,
    entries: [
      { quantity: 4, reservationId: null },
      { quantity: -3, reservationId: null },
    ],
  });

  // A listing without stock: a removal is refused, a first addition defines the stock.
  const fresh = await createListing(w.asAlice);
  assert.equal(
    (await w.asAlice.post('stock_adjustments/create', { listingId: fresh, quantity: -1 })).body
      .errors?.[0]?.code,
    'stock-total-negative',
  );
  assert.deepEqual(await ledgerOf(w.server.handle.db, fresh), { total: null, sum: 0, entries: [] });
  assert.equal(
    (await w.asInteg.post('stock_adjustments/create', { listingId: fresh, quantity: 7 })).status,
    200,
  );
  assert.deepEqual(await currentStock(fresh), { id: stockIdOf(fresh), quantity: 7 });
});

test('query returns the ledger in the window, oldest first, paged; both APIs', async () => {
  const id = await createListing(w.asAlice);
  try {
    // Five adjustments an hour apart, starting 5 hours ago.
    const quantities = [10, -1, -2, 3, -4];
    for (const [i, quantity] of quantities.entries()) {
      w.clock.set(new Date(NOW.getTime() - (5 - i) * HOUR));
      assert.equal(
        (await w.asAlice.post('stock_adjustments/create', { listingId: id, quantity })).status,
        200,
      );
    }
  } finally {
    w.clock.set(NOW);
  }
  const all = await w.asAlice.get(`stock_adjustments/query?listingId=${id}&${YEAR_WINDOW}`);
  assert.equal(all.status, 200, JSON.stringify(all.body));
  assert.deepEqual(
    attributesOf(all.body.data),
    [10, -1, -2, 3, -4].map((quantity, i) => ({
      at: new Date(NOW.getTime() - (5 - i) * HOUR).toISOString(),
      quantity,
    })),
  );
  assert.deepEqual(all.body.meta, { totalItems: 5, totalPages: 1, page: 1, perPage: 100 });

  // start inclusive, end exclusive.
  const from = new Date(NOW.getTime() - 4 * HOUR).toISOString();
  const to = new Date(NOW.getTime() - 2 * HOUR).toISOString();
  const part = await w.asInteg.get(
    `stock_adjustments/query?listingId=${id}&${window(from, to)}&include=listing,listing.currentStock`,
  );
  assert.equal(part.status, 200, JSON.stringify(part.body));
  assert.deepEqual(
    (attributesOf(part.body.data) as { quantity: number }[]).map((a) => a.quantity),
    [-1, -2],
  );
  assert.deepEqual((part.body.data as Doc[])[0]?.relationships, {
    listing: { data: { id, type: 'listing' } },
  });
  assert.deepEqual(part.body.included?.find((r) => r.type === 'stock')?.attributes, {
    quantity: 6,
  });

  const page2 = await w.asAlice.get(
    `stock_adjustments/query?listingId=${id}&${YEAR_WINDOW}&perPage=2&page=2`,
  );
  assert.deepEqual(
    (attributesOf(page2.body.data) as { quantity: number }[]).map((a) => a.quantity),
    [-2, 3],
  );
  assert.deepEqual(page2.body.meta, { totalItems: 5, totalPages: 3, page: 2, perPage: 2 });
});

test('who may do what: author and operator yes; another user and anonymous no; unknown or deleted listings 404', async () => {
  const id = await createListing(w.asAlice);
  const set = { listingId: id, oldTotal: null, newTotal: 3 };
  for (const [caller, name] of [
    [w.asBob, 'bob'],
    [w.asAnon, 'anonymous'],
  ] as const) {
    for (const res of [
      await caller.post('stock/compare_and_set', set),
      await caller.post('stock_adjustments/create', { listingId: id, quantity: 1 }),
      await caller.get(`stock_adjustments/query?listingId=${id}&${YEAR_WINDOW}`),
    ]) {
      assert.equal(res.status, 403, `${name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors?.[0]?.code, 'forbidden');
    }
  }
  assert.deepEqual(await ledgerOf(w.server.handle.db, id), { total: null, sum: 0, entries: [] });

  // The operator may, on any listing; events say so.
  const op = await w.asInteg.post('stock/compare_and_set?expand=true', set);
  assert.equal(op.status, 200, JSON.stringify(op.body));
  const [event] = await queryEvents(w.server.handle.db, w.m.marketplace.id, {
    relatedResourceId: id,
    eventTypes: ['stockAdjustment/created'],
  });
  assert.equal(event?.source, 'source/integration-api');
  assert.equal(event?.auditData.userId, null);
  assert.equal(event?.auditData.clientId, w.m.integrationApp.clientId);
  const opQuery = await w.asInteg.get(`stock_adjustments/query?listingId=${id}&${YEAR_WINDOW}`);
  assert.equal(opQuery.body.meta?.totalItems, 1);

  const unknown = '00000000-0000-4000-8000-000000000000';
  for (const caller of [w.asAlice, w.asInteg]) {
    assert.equal(
      (await caller.post('stock/compare_and_set', { ...set, listingId: unknown })).status,
      404,
    );
    assert.equal(
      (await caller.post('stock_adjustments/create', { listingId: unknown, quantity: 1 })).status,
      404,
    );
    assert.equal(
      (await caller.get(`stock_adjustments/query?listingId=${unknown}&${YEAR_WINDOW}`)).status,
      404,
    );
  }
  const draft = await createListing(w.asAlice, { draft: true });
  assert.equal((await w.asAlice.post('own_listings/discard_draft', { id: draft })).status, 200);
  assert.equal(
    (await w.asInteg.post('stock_adjustments/create', { listingId: draft, quantity: 1 })).status,
    404,
  );
});

test('a user pending approval may not change stock (permission-denied-pending-approval)', async () => {
  const id = await createListing(w.asBob);
  await w.server.handle.db
    .updateTable('users')
    .set({ state: 'pendingApproval' })
    .where('id', '=', w.bob.user.id)
    .execute();
  try {
    for (const res of [
      await w.asBob.post('stock/compare_and_set', { listingId: id, oldTotal: null, newTotal: 1 }),
      await w.asBob.post('stock_adjustments/create', { listingId: id, quantity: 1 }),
    ]) {
      assert.equal(res.status, 403);
      assert.equal(res.body.errors?.[0]?.code, 'permission-denied-pending-approval');
    }
    assert.deepEqual(await ledgerOf(w.server.handle.db, id), { total: null, sum: 0, entries: [] });
  } finally {
    await w.server.handle.db
      .updateTable('users')
      .set({ state: 'active' })
      .where('id', '=', w.bob.user.id)
      .execute();
  }
});

test('bad input → 400 with the catalogue code and the offending key; nothing stored', async () => {
  const id = await createListing(w.asAlice);
  const commands: {
    name: string;
    path: string;
    body: Record<string, unknown>;
    code: string;
    key: (string | number)[];
  }[] = [
    {
      name: 'zero quantity',
      path: 'stock_adjustments/create',
      body: { listingId: id, quantity: 0 },
      code: 'validation-invalid-value',
      key: ['quantity'],
    },
    {
      name: 'fractional quantity',
      path: 'stock_adjustments/create',
      body: { listingId: id, quantity: 1.5 },
      code: 'validation-invalid-value',
      key: ['quantity'],
    },
    {
      name: 'quantity as text',
      path: 'stock_adjustments/create',
      body: { listingId: id, quantity: '3' },
      code: 'validation-invalid-value',
      key: ['quantity'],
    },
    {
      name: 'quantity beyond 32 bits',
      path: 'stock_adjustments/create',
      body: { listingId: id, quantity: 2 ** 31 },
      code: 'validation-invalid-value',
      key: ['quantity'],
    },
    {
      name: 'missing quantity',
      path: 'stock_adjustments/create',
      body: { listingId: id },
      code: 'validation-missing-key',
      key: ['quantity'],
    },
    {
      name: 'malformed listing id',
      path: 'stock_adjustments/create',
      body: { listingId: 'not-a-uuid', quantity: 1 },
      code: 'validation-invalid-value',
      key: ['listingId'],
    },
    {
      name: 'unknown key',
      path: 'stock_adjustments/create',
      body: { listingId: id, quantity: 1, note: 'x' },
      code: 'validation-disallowed-key',
      key: ['note'],
    },
    {
      name: 'negative newTotal',
      path: 'stock/compare_and_set',
      body: { listingId: id, oldTotal: null, newTotal: -1 },
      code: 'validation-invalid-value',
      key: ['newTotal'],
    },
    {
      name: 'fractional newTotal',
      path: 'stock/compare_and_set',
      body: { listingId: id, oldTotal: null, newTotal: 2.5 },
      code: 'validation-invalid-value',
      key: ['newTotal'],
    },
    {
      name: 'fractional oldTotal',
      path: 'stock/compare_and_set',
      body: { listingId: id, oldTotal: 0.5, newTotal: 2 },
      code: 'validation-invalid-value',
      key: ['oldTotal'],
    },
    {
      name: 'missing oldTotal',
      path: 'stock/compare_and_set',
      body: { listingId: id, newTotal: 2 },
      code: 'validation-missing-key',
      key: ['oldTotal'],
    },
    {
      name: 'missing newTotal',
      path: 'stock/compare_and_set',
      body: { listingId: id, oldTotal: null },
      code: 'validation-missing-key',
      key: ['newTotal'],
    },
    {
      name: 'missing listingId',
      path: 'stock/compare_and_set',
      body: { oldTotal: null, newTotal: 1 },
      code: 'validation-missing-key',
      key: ['listingId'],
    },
  ];
  for (const caller of [w.asAlice, w.asInteg]) {
    for (const c of commands) {
      const res = await caller.post(c.path, c.body);
      assert.equal(res.status, 400, `${c.name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.errors?.[0]?.code, c.code, c.name);
      assert.deepEqual(res.body.errors?.[0]?.source?.path?.slice(-c.key.length), c.key, c.name);
    }
  }
  const queries: { name: string; query: string; key: string }[] = [
    {
      name: 'start over 366 days back',
      query: `listingId=${id}&${window('2029-01-05T00:00:00Z', '2029-02-01T00:00:00Z')}`,
      key: 'start',
    },
    {
      name: 'start over 1 day ahead',
      query: `listingId=${id}&${window('2030-01-08T13:00:00Z', '2030-01-08T14:00:00Z')}`,
      key: 'start',
    },
    {
      name: 'end over 1 day ahead',
      query: `listingId=${id}&${window('2030-01-07T00:00:00Z', '2030-01-08T13:00:00Z')}`,
      key: 'end',
    },
    {
      name: 'end before start',
      query: `listingId=${id}&${window('2030-01-07T00:00:00Z', '2030-01-06T00:00:00Z')}`,
      key: 'end',
    },
    {
      name: 'malformed start',
      query: `listingId=${id}&start=yesterday&end=2030-01-07T00:00:00Z`,
      key: 'start',
    },
    { name: 'malformed listing id', query: `listingId=abc&${YEAR_WINDOW}`, key: 'listingId' },
    { name: 'missing end', query: `listingId=${id}&start=2030-01-01T00:00:00Z`, key: 'end' },
    {
      name: 'perPage over 100',
      query: `listingId=${id}&${YEAR_WINDOW}&perPage=101`,
      key: 'perPage',
    },
    {
      name: 'unknown parameter',
      query: `listingId=${id}&${YEAR_WINDOW}&state=pending`,
      key: 'state',
    },
  ];
  for (const caller of [w.asAlice, w.asInteg]) {
    for (const c of queries) {
      const res = await caller.get(`stock_adjustments/query?${c.query}`);
      assert.equal(res.status, 400, `${c.name}: ${JSON.stringify(res.body)}`);
      assert.match(res.body.errors?.[0]?.code ?? '', /^validation-/, c.name);
      assert.deepEqual(res.body.errors?.[0]?.source?.path, [c.key], c.name);
    }
  }
  // An include the resource does not have, at the top or further down: 400, and nothing stored.
  assert.equal(
    (
      await w.asAlice.post('stock_adjustments/create?include=author', {
        listingId: id,
        quantity: 1,
      })
    ).status,
    400,
  );
  assert.equal(
    (
      await w.asAlice.post('stock_adjustments/create?include=ownListing.nothing', {
        listingId: id,
        quantity: 1,
      })
    ).status,
    400,
  );
  assert.equal(
    (
      await w.asInteg.post('stock_adjustments/create?include=listing.currentStock.x', {
        listingId: id,
        quantity: 1,
      })
    ).status,
    400,
  );
  assert.equal(
    (
      await w.asAlice.post('stock/compare_and_set?include=listing', {
        listingId: id,
        oldTotal: null,
        newTotal: 1,
      })
    ).status,
    400,
  );
  assert.deepEqual(await ledgerOf(w.server.handle.db, id), { total: null, sum: 0, entries: [] });
});
