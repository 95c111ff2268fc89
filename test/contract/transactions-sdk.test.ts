/**
 * Contract: the real SDKs against a listening Bazaar, as a marketplace front end and its server
 * use them — the free inquiry fixture initiated and read back (`transactions.initiate`, `.show`,
 * `.query`, `processTransitions.query`); a privileged booking request refused with the user token
 * and accepted after `sdk.exchangeToken()` (line items sent as SDK Money and BigDecimal values, as
 * the web template's server does), priced speculatively, accepted by the provider, listed by
 * `bookings.query`; the Integration SDK reading, updating metadata and running an operator
 * transition (speculatively and for real).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { group, integrationSdk, marketplaceSdk, sharetribeSdk, type MarketplaceSdk, type SdkError, type SdkResource, type SdkResponse } from '../support/sdk.ts';
import { BOOKING_REQUEST_PROCESS } from '../transactions/test-processes.ts';
import { createListing, pushFixture, pushProcessAs, runJobs, startWorld, type World } from '../transactions/helpers.ts';

const { UUID, Money, BigDecimal } = sharetribeSdk.types;

let w: World;
let listingId: string;

before(async () => {
  w = await startWorld({ listen: true, start: new Date() });
  await pushFixture(w, 'default-inquiry');
  await pushProcessAs(w, 'booking-request', BOOKING_REQUEST_PROCESS);
  listingId = await createListing(w, { title: 'Cabin', seats: 2 });
});
after(async () => w.server.close());

const loggedIn = async (u: World['customer'], opts: { clientSecret?: string } = {}): Promise<MarketplaceSdk> => {
  const sdk = marketplaceSdk(w.server.baseUrl, w.m.marketplaceApp.clientId, opts);
  await sdk.login({ username: u.email, password: u.password });
  return sdk;
};
const one = (res: SdkResponse): SdkResource => {
  assert.ok(!Array.isArray(res.data.data));
  return res.data.data;
};
const many = (res: SdkResponse): SdkResource[] => {
  assert.ok(Array.isArray(res.data.data));
  return res.data.data;
};
const rejectsWith = (p: Promise<unknown>, status: number, code: string) =>
  assert.rejects(p, (e: SdkError) => e.status === status && e.data?.errors?.[0]?.code === code);

test('Marketplace SDK: the free inquiry initiated, shown with includes, queried; its next transitions listed', async () => {
  const customer = await loggedIn(w.customer);
  const tx = group(customer, 'transactions');
  const created = one(await tx.initiate!({ processAlias: 'default-inquiry/release-1', transition: 'transition/inquire-without-payment', params: { listingId: new UUID(listingId), protectedData: { inquiryMessage: 'Free in May?' } } }, { expand: true, include: ['provider', 'listing'] }));
  assert.ok(created.id instanceof UUID);
  assert.equal(created.type, 'transaction');
  assert.equal(created.attributes.state, 'state/free-inquiry');
  assert.ok(created.attributes.createdAt instanceof Date);
  assert.ok(created.attributes.lastTransitionedAt instanceof Date);
  const [entry] = created.attributes.transitions as { transition: string; createdAt: Date; by: string }[];
  assert.equal(entry?.transition, 'transition/inquire-without-payment');
  assert.ok(entry?.createdAt instanceof Date);
  assert.equal(entry?.by, 'customer');

  const shown = await tx.show!({ id: created.id, include: ['listing', 'listing.author', 'customer', 'provider', 'messages', 'reviews'] });
  const data = one(shown);
  assert.deepEqual(data.attributes.protectedData, { inquiryMessage: 'Free in May?' });
  const rels = data.relationships as Record<string, { data: { id: { uuid: string }; type: string } | unknown[] }>;
  assert.equal((rels.provider?.data as { id: { uuid: string } }).id.uuid, w.provider.user.id);
  assert.deepEqual(rels.messages?.data, []);
  assert.ok(shown.data.included?.some((r) => r.type === 'listing' && r.attributes.title === 'Cabin'));

  const mine = many(await tx.query!({ only: 'order', lastTransitions: ['transition/inquire-without-payment'], include: ['listing'] }));
  assert.ok(mine.some((t) => t.id.uuid === created.id.uuid));

  const next = many(await group(customer, 'processTransitions').query!({ processAlias: 'booking-request/release-1' }));
  assert.deepEqual(next.map((t) => t.attributes.name), ['transition/request']);
  await runJobs(w);
  assert.ok(w.mailer.sent.some((m) => m.to === w.provider.email), 'the provider was notified');
});

test('privileged request: 403 with the user token, accepted after exchangeToken; speculative pricing; the provider accepts', async () => {
  const customer = await loggedIn(w.customer, { clientSecret: w.m.marketplaceApp.clientSecret });
  const body = {
    processAlias: 'booking-request/release-1',
    transition: 'transition/request',
    params: {
      listingId: new UUID(listingId),
      bookingStart: new Date('2031-01-10T10:00:00.000Z'),
      bookingEnd: new Date('2031-01-10T13:00:00.000Z'),
      seats: 2,
      lineItems: [
        { code: 'line-item/hour', unitPrice: new Money(3000, 'EUR'), units: new BigDecimal('3'), seats: 2, includeFor: ['customer', 'provider'] },
        { code: 'line-item/provider-commission', unitPrice: new Money(18000, 'EUR'), percentage: new BigDecimal('-12.5'), includeFor: ['provider'] },
      ],
      cardToken: 'CheckoutPage_speculative_card_token',
    },
  };
  await rejectsWith(group(customer, 'transactions').initiate!(body), 403, 'forbidden');

  const exchanged = await customer.exchangeToken();
  assert.equal(exchanged.data.scope, 'trusted:user');
  const store = sharetribeSdk.tokenStore.memoryStore();
  store.setToken(exchanged.data);
  const trusted = group(marketplaceSdk(w.server.baseUrl, w.m.marketplaceApp.clientId, { tokenStore: store }), 'transactions');

  const speculative = one(await trusted.initiateSpeculative!(body, { expand: true, include: ['booking'] }));
  assert.deepEqual(speculative.attributes.payinTotal, new Money(18000, 'EUR'));
  const [item] = speculative.attributes.lineItems as { code: string; unitPrice: unknown; quantity: unknown; units: unknown; seats: unknown; lineTotal: unknown; reversal: boolean; includeFor: string[] }[];
  assert.equal(item?.code, 'line-item/hour');
  assert.ok(item?.unitPrice instanceof Money);
  assert.deepEqual(item?.quantity, new BigDecimal('6'));
  assert.deepEqual(item?.units, new BigDecimal('3'));
  assert.deepEqual(item?.lineTotal, new Money(18000, 'EUR'));
  assert.equal(item?.reversal, false);
  assert.deepEqual(item?.includeFor, ['customer', 'provider']);

  const created = one(await trusted.initiate!(body, { expand: true, include: ['booking'] }));
  assert.equal(created.attributes.state, 'state/requested');
  const provider = group(await loggedIn(w.provider), 'transactions');
  const asProvider = one(await provider.show!({ id: created.id }));
  assert.deepEqual(asProvider.attributes.payoutTotal, new Money(15750, 'EUR'));
  assert.deepEqual((asProvider.attributes.lineItems as { code: string }[]).map((i) => i.code), ['line-item/hour', 'line-item/provider-commission']);
  await rejectsWith(group(customer, 'transactions').transition!({ id: created.id, transition: 'transition/accept', params: {} }), 403, 'forbidden');
  const preview = one(await provider.transitionSpeculative!({ id: created.id, transition: 'transition/accept', params: {} }, { expand: true }));
  assert.equal(preview.attributes.state, 'state/accepted');
  assert.equal(one(await provider.show!({ id: created.id })).attributes.state, 'state/requested');
  const accepted = one(await provider.transition!({ id: created.id, transition: 'transition/accept', params: {} }, { expand: true, include: ['booking'] }));
  assert.equal(accepted.attributes.state, 'state/accepted');
  await rejectsWith(provider.transition!({ id: created.id, transition: 'transition/accept', params: {} }), 409, 'transaction-invalid-transition');

  const bookings = many(await group(await loggedIn(w.provider), 'bookings').query!({ listingId: new UUID(listingId), start: new Date('2031-01-10T00:00:00.000Z'), end: new Date('2031-01-11T00:00:00.000Z'), include: ['transaction'] }));
  assert.equal(bookings.length, 1);
  assert.equal(bookings[0]?.attributes.seats, 2);
  assert.ok(bookings[0]?.attributes.start instanceof Date);
});

test('Integration SDK: query and show every line item, update metadata, run an operator transition', async () => {
  const integ = integrationSdk(w.server.baseUrl, w.m.integrationApp.clientId, w.m.integrationApp.clientSecret);
  const tx = group(integ, 'transactions');
  const [accepted] = many(await tx.query!({ states: ['state/accepted'], include: ['booking', 'customer'] }));
  assert.ok(accepted);
  assert.equal((accepted.attributes.lineItems as unknown[]).length, 2);
  const updated = one(await tx.updateMetadata!({ id: accepted.id, metadata: { reviewedByOps: true } }, { expand: true }));
  assert.deepEqual(updated.attributes.metadata, { reviewedByOps: true });
  const preview = one(await tx.transitionSpeculative!({ id: accepted.id, transition: 'transition/operator-cancel', params: {} }, { expand: true }));
  assert.equal(preview.attributes.state, 'state/cancelled');
  const cancelled = one(await tx.transition!({ id: accepted.id, transition: 'transition/operator-cancel', params: {} }, { expand: true, include: ['booking'] }));
  assert.equal(cancelled.attributes.state, 'state/cancelled');
  // The Integration SDK decodes money into its own Money class.
  const refunded = cancelled.attributes.payinTotal as { amount: number; currency: string; constructor: { name: string } };
  assert.deepEqual([refunded.constructor.name, refunded.amount, refunded.currency], ['Money', 0, 'EUR']);
  const shown = await tx.show!({ id: accepted.id, include: ['booking'] });
  assert.equal(shown.data.included?.find((r) => r.type === 'booking')?.attributes.state, 'cancelled');
  await assert.rejects(tx.transition!({ id: accepted.id, transition: 'transition/accept', params: {} }), (e: SdkError) => e.status === 403);
});
