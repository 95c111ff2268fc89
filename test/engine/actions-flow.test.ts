/**
 * Actions and flows the fixture processes do not exercise, on a process written for the test: a
 * reverse (provider-initiated) transaction on the customer's listing with privileged line items
 * and metadata, a self-loop with `set-negotiated-total-price`, protected-data reveals with and
 * without `:key-mapping`, `reveal-listing-protected-files` (nothing to reveal yet), and
 * `:action/fail` failing the whole transition after an earlier action changed data — nothing kept.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createListing, pushProcessAs, snapshot, startWorld, type World } from '../transactions/helpers.ts';

let w: World;
let customerListing: string;

const OFFER_PROCESS = {
  source: `{:format :v3
 :transitions
 [{:name :transition/make-offer
   :actor :actor.role/provider
   :privileged? true
   :actions [{:name :action/update-protected-data}
             {:name :action/privileged-set-line-items}
             {:name :action/privileged-update-metadata}]
   :to :state/offer-pending}
  {:name :transition/counter
   :actor :actor.role/customer
   :actions [{:name :action/set-negotiated-total-price}]
   :from :state/offer-pending
   :to :state/offer-pending}
  {:name :transition/accept-offer
   :actor :actor.role/customer
   :actions [{:name :action/reveal-customer-protected-data :config {:key-mapping {:phone :customerPhone}}}
             {:name :action/reveal-provider-protected-data}
             {:name :action/reveal-listing-protected-files}]
   :from :state/offer-pending
   :to :state/accepted}
  {:name :transition/break
   :actor :actor.role/customer
   :actions [{:name :action/update-protected-data}
             {:name :action/fail}]
   :from :state/offer-pending
   :to :state/broken}]}`,
  templates: {},
};

before(async () => {
  w = await startWorld();
  await pushProcessAs(w, 'offer', OFFER_PROCESS);
  customerListing = await createListing(w, { title: 'Logo design wanted', author: w.asCustomer });
  assert.equal((await w.asCustomer.post('current_user/update_profile', { protectedData: { phone: '+358 40 111', street: 'Main 1' } })).status, 200);
  assert.equal((await w.asProvider.post('current_user/update_profile', { protectedData: { iban: 'FI00 1234' } })).status, 200);
});
after(async () => w.server.close());

const eur = (amount: number) => ({ amount, currency: 'EUR' });

async function offer(): Promise<string> {
  const res = await w.asTrustedProvider.post('transactions/initiate?expand=true', {
    processAlias: 'offer/release-1',
    transition: 'transition/make-offer',
    params: {
      listingId: customerListing,
      lineItems: [{ code: 'line-item/offer', unitPrice: eur(40000), quantity: 1 }],
      metadata: { offers: [{ offerInSubunits: 40000, by: 'provider' }] },
      protectedData: { brief: 'Three logo variants' },
    },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.data?.id ?? '';
}

test('reverse flow: the provider initiates on the customer\'s listing; privileged line items and metadata', async () => {
  const id = await offer();
  const shown = await w.asCustomer.get(`transactions/show?id=${id}&include=customer,provider`);
  assert.equal(shown.status, 200);
  const rel = shown.body.data?.relationships ?? {};
  assert.deepEqual(rel.customer?.data, { id: w.customer.user.id, type: 'user' });
  assert.deepEqual(rel.provider?.data, { id: w.provider.user.id, type: 'user' });
  const a = shown.body.data?.attributes ?? {};
  assert.deepEqual(a.metadata, { offers: [{ offerInSubunits: 40000, by: 'provider' }] });
  assert.deepEqual(a.payinTotal, eur(40000));
  assert.deepEqual((a.transitions as { by: string }[]).map((t) => t.by), ['provider']);
  // Without the trusted token the privileged initiation is refused.
  const untrusted = await w.asProvider.post('transactions/initiate', { processAlias: 'offer/release-1', transition: 'transition/make-offer', params: { listingId: customerListing, lineItems: [] } });
  assert.equal(untrusted.status, 403);
});

test('a self-loop with set-negotiated-total-price makes the total the counter-offer', async () => {
  const id = await offer();
  const countered = await w.asCustomer.post('transactions/transition?expand=true', { id, transition: 'transition/counter', params: { negotiatedTotal: eur(35000) } });
  assert.equal(countered.status, 200, JSON.stringify(countered.body));
  const a = countered.body.data?.attributes ?? {};
  assert.equal(a.state, 'state/offer-pending');
  assert.deepEqual(a.payinTotal, eur(35000));
  assert.deepEqual((a.transitions as { transition: string }[]).map((t) => t.transition), ['transition/make-offer', 'transition/counter']);
  const bad = await w.asCustomer.post('transactions/transition', { id, transition: 'transition/counter', params: { negotiatedTotal: 350 } });
  assert.equal(bad.status, 400);
});

test('reveals copy profile protected data into the transaction, renamed by :key-mapping or as is', async () => {
  const id = await offer();
  const accepted = await w.asCustomer.post('transactions/transition?expand=true', { id, transition: 'transition/accept-offer', params: {} });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  assert.deepEqual(accepted.body.data?.attributes?.protectedData, { brief: 'Three logo variants', customerPhone: '+358 40 111', iban: 'FI00 1234' });
});

test('a failing action fails the whole transition: the earlier protected-data change is not kept', async () => {
  const id = await offer();
  const before = await snapshot(w);
  const broken = await w.asCustomer.post('transactions/transition', { id, transition: 'transition/break', params: { protectedData: { brief: 'changed' } } });
  assert.equal(broken.status, 409);
  assert.equal(broken.body.errors?.[0]?.code, 'transaction-action-failed');
  const after = (await w.asCustomer.get(`transactions/show?id=${id}`)).body.data?.attributes ?? {};
  assert.equal(after.state, 'state/offer-pending');
  assert.deepEqual(after.protectedData, { brief: 'Three logo variants' });
  assert.deepEqual(await snapshot(w), before);
});
