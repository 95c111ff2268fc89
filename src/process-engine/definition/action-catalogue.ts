// Every action name a process may name (domain.md §2): 44 documented usable actions, 4 legacy Stripe
// charge actions the CLI still accepts, plus the 2 implicit initializers (never written in
// process.edn) — 50 names. Parameters come from the transition's API params; config from process.edn.

/** Groups actions the way the action registry will (one module per family). */
export type ActionFamily =
  | 'initializer'
  | 'pricing'
  | 'booking'
  | 'stock'
  | 'review'
  | 'extended-data'
  | 'files'
  | 'stripe'
  | 'testing';

/** An API parameter an action consumes. */
export interface ActionParam {
  readonly name: string;
  readonly required: boolean;
}

/** The shape of one `:config` key. Keyword fields list their allowed values. */
export type ConfigField =
  | { readonly kind: 'keyword'; readonly values: readonly string[]; readonly required?: boolean }
  | { readonly kind: 'boolean'; readonly required?: boolean }
  | { readonly kind: 'number'; readonly required?: boolean }
  | { readonly kind: 'money'; readonly required?: boolean }
  | { readonly kind: 'keyword-map'; readonly required?: boolean };

/** What the engine knows about an action name. */
export interface ActionSpec {
  readonly name: string;
  readonly family: ActionFamily;
  readonly params: readonly ActionParam[];
  /** Keys the reference documents for `:config`; absent ⇒ the action takes no config. */
  readonly config?: Readonly<Record<string, ConfigField>>;
  /** Only allowed in `:privileged? true` or operator transitions (§1.3 rule 4). */
  readonly privileged?: boolean;
  readonly deprecated?: boolean;
  /** What the docs recommend instead of a deprecated action. */
  readonly replacedBy?: string;
  /** Accepted by the CLI but undocumented (legacy Stripe charges). */
  readonly legacy?: boolean;
  /** Run implicitly by initial transitions; naming it in process.edn is an error. */
  readonly implicit?: boolean;
}

const req = (name: string): ActionParam => ({ name, required: true });
const opt = (name: string): ActionParam => ({ name, required: false });

const BOOKING_CREATE_PARAMS = [
  req('bookingStart'),
  req('bookingEnd'),
  opt('bookingDisplayStart'),
  opt('bookingDisplayEnd'),
  opt('seats'),
];
const BOOKING_TYPE: ConfigField = { kind: 'keyword', values: ['day', 'time'] };
const COMMISSION_CONFIG: Readonly<Record<string, ConfigField>> = {
  commission: { kind: 'number', required: true },
  min: { kind: 'money' },
  max: { kind: 'money' },
};
const FIXED_COMMISSION_CONFIG: Readonly<Record<string, ConfigField>> = {
  commission: { kind: 'money', required: true },
};
const SET_LINE_ITEMS = 'action/privileged-set-line-items';
const REVIEW_PARAMS = [req('reviewRating'), req('reviewContent')];

// Where the reference lists a parameter without saying "optional" and the action cannot work without
// it (lineItems, quantity…), it is marked required.
const SPECS: readonly ActionSpec[] = [
  // §2.1 initialization (implicit)
  {
    name: 'action.initializer/init-listing-tx',
    family: 'initializer',
    params: [req('listingId')],
    implicit: true,
  },
  {
    name: 'action.initializer/init-reverse-listing-tx',
    family: 'initializer',
    params: [req('listingId')],
    implicit: true,
  },
  // §2.2 pricing
  {
    name: 'action/privileged-set-line-items',
    family: 'pricing',
    params: [req('lineItems')],
    privileged: true,
  },
  { name: 'action/calculate-full-refund', family: 'pricing', params: [] },
  {
    name: 'action/set-negotiated-total-price',
    family: 'pricing',
    params: [req('negotiatedTotal')],
  },
  {
    name: 'action/calculate-tx-customer-commission',
    family: 'pricing',
    params: [],
    config: COMMISSION_CONFIG,
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-provider-commission',
    family: 'pricing',
    params: [],
    config: COMMISSION_CONFIG,
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-customer-fixed-commission',
    family: 'pricing',
    params: [],
    config: FIXED_COMMISSION_CONFIG,
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-provider-fixed-commission',
    family: 'pricing',
    params: [],
    config: FIXED_COMMISSION_CONFIG,
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-nightly-total',
    family: 'pricing',
    params: [],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-total',
    family: 'pricing',
    params: [],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-daily-total',
    family: 'pricing',
    params: [],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-daily-total-price',
    family: 'pricing',
    params: [],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-nightly-total-price',
    family: 'pricing',
    params: [],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-total-daily-booking-exclude-start',
    family: 'pricing',
    params: [],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-two-units-total-price',
    family: 'pricing',
    params: [req('quantity1'), req('quantity2')],
    config: {
      'quantity1-price-multiplier': { kind: 'number' },
      'quantity2-price-multiplier': { kind: 'number' },
    },
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/calculate-tx-unit-total-price',
    family: 'pricing',
    params: [req('quantity')],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  {
    name: 'action/set-line-items-and-total',
    family: 'pricing',
    params: [req('lineItems')],
    deprecated: true,
    replacedBy: SET_LINE_ITEMS,
  },
  // §2.3 bookings
  {
    name: 'action/create-pending-booking',
    family: 'booking',
    params: BOOKING_CREATE_PARAMS,
    config: { type: BOOKING_TYPE },
  },
  {
    name: 'action/create-proposed-booking',
    family: 'booking',
    params: BOOKING_CREATE_PARAMS,
    config: { type: BOOKING_TYPE },
  },
  {
    name: 'action/create-booking',
    family: 'booking',
    params: BOOKING_CREATE_PARAMS,
    config: { type: BOOKING_TYPE, 'observe-availability?': { kind: 'boolean' } },
    deprecated: true,
    replacedBy: 'action/create-pending-booking',
  },
  { name: 'action/accept-booking', family: 'booking', params: [] },
  { name: 'action/decline-booking', family: 'booking', params: [] },
  { name: 'action/cancel-booking', family: 'booking', params: [] },
  {
    name: 'action/update-booking',
    family: 'booking',
    params: BOOKING_CREATE_PARAMS.map((p) => opt(p.name)),
    config: { type: BOOKING_TYPE },
  },
  // §2.4 stock
  {
    name: 'action/create-pending-stock-reservation',
    family: 'stock',
    params: [req('stockReservationQuantity')],
  },
  {
    name: 'action/create-proposed-stock-reservation',
    family: 'stock',
    params: [req('stockReservationQuantity')],
  },
  { name: 'action/accept-stock-reservation', family: 'stock', params: [] },
  { name: 'action/decline-stock-reservation', family: 'stock', params: [] },
  { name: 'action/cancel-stock-reservation', family: 'stock', params: [] },
  // §2.5 reviews
  { name: 'action/post-review-by-customer', family: 'review', params: REVIEW_PARAMS },
  { name: 'action/post-review-by-provider', family: 'review', params: REVIEW_PARAMS },
  { name: 'action/publish-reviews', family: 'review', params: [] },
  // §2.6 extended data
  { name: 'action/update-protected-data', family: 'extended-data', params: [opt('protectedData')] },
  {
    name: 'action/privileged-update-metadata',
    family: 'extended-data',
    params: [opt('metadata')],
    privileged: true,
  },
  {
    name: 'action/reveal-customer-protected-data',
    family: 'extended-data',
    params: [],
    config: { 'key-mapping': { kind: 'keyword-map' } },
  },
  {
    name: 'action/reveal-provider-protected-data',
    family: 'extended-data',
    params: [],
    config: { 'key-mapping': { kind: 'keyword-map' } },
  },
  // §2.7 files (not yet known to the CLI snapshot; default-download needs it)
  { name: 'action/reveal-listing-protected-files', family: 'files', params: [] },
  // §2.8 Stripe
  {
    name: 'action/stripe-create-payment-intent',
    family: 'stripe',
    params: [opt('paymentMethod'), opt('setupPaymentMethodForSaving')],
    config: { 'use-customer-default-payment-method?': { kind: 'boolean' } },
  },
  {
    name: 'action/stripe-create-payment-intent-push',
    family: 'stripe',
    params: [req('paymentMethodTypes'), opt('paymentMethod')],
  },
  { name: 'action/stripe-confirm-payment-intent', family: 'stripe', params: [] },
  { name: 'action/stripe-capture-payment-intent', family: 'stripe', params: [] },
  { name: 'action/stripe-refund-payment', family: 'stripe', params: [] },
  {
    name: 'action/stripe-refund-charge',
    family: 'stripe',
    params: [],
    deprecated: true,
    replacedBy: 'action/stripe-refund-payment',
  },
  { name: 'action/stripe-create-payout', family: 'stripe', params: [] },
  // Legacy charge actions: accepted by the CLI validator, undocumented (parameters unknown).
  {
    name: 'action/stripe-create-charge',
    family: 'stripe',
    params: [],
    legacy: true,
    deprecated: true,
  },
  {
    name: 'action/stripe-create-charge-pi',
    family: 'stripe',
    params: [],
    legacy: true,
    deprecated: true,
  },
  {
    name: 'action/stripe-capture-charge',
    family: 'stripe',
    params: [],
    legacy: true,
    deprecated: true,
  },
  {
    name: 'action/stripe-capture-charge-pi',
    family: 'stripe',
    params: [],
    legacy: true,
    deprecated: true,
  },
  // §2.9 testing
  { name: 'action/fail', family: 'testing', params: [] },
];

/** Every known action, by name (`action/accept-booking`). */
export const ACTION_CATALOGUE: ReadonlyMap<string, ActionSpec> = new Map(
  SPECS.map((s) => [s.name, s]),
);

/** Looks up an action by name; undefined when unknown. */
export function actionSpec(name: string): ActionSpec | undefined {
  return ACTION_CATALOGUE.get(name);
}

/** The implicit initializer an initial transition runs: reverse flow when a provider initiates (§1.4). */
export function initializerFor(actor: 'actor.role/customer' | 'actor.role/provider'): string {
  return actor === 'actor.role/provider'
    ? 'action.initializer/init-reverse-listing-tx'
    : 'action.initializer/init-listing-tx';
}
