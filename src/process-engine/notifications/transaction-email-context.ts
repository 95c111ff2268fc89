// The Handlebars context of a transaction notification, exactly the shape Sharetribe documents
// (domain.md §10.3): kebab-case keys (booking's displayStart/displayEnd excepted), money as
// `{amount: <decimal in major units>, currency}`, dates as `{year, month, day, hours, minutes,
// seconds, milliseconds}` in UTC. Built from plain typed input the transition runner fills from
// its rows, so this stays pure.
import type { TemplateContext } from '../../domain/email/index.ts';
import { toMajorUnits } from '../../lib/money.ts';
import type { Money } from '../../lib/values.ts';
import type { LineItem, Party } from '../pricing/index.ts';
import { emailDate } from './notification-helpers.ts';

type Data = Readonly<Record<string, unknown>>;

/** A user as emails show them. */
export interface EmailUser {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly displayName: string;
  readonly publicData?: Data;
  readonly protectedData?: Data;
  readonly privateData?: Data;
  readonly metadata?: Data;
}

/** Everything a transaction email can show; optional parts are absent for transactions without them. */
export interface TransactionEmailInput {
  /** `url` is the base of the links in emails (the marketplace's web app). */
  readonly marketplace: { readonly name: string; readonly url: string };
  /** Who receives this email. */
  readonly recipientRole: Party;
  readonly transaction: {
    readonly id: string;
    /** `state/accepted`, as the API shows it. */
    readonly state: string;
    /** `transition/accept`. */
    readonly lastTransition: string;
    readonly createdAt: Date;
    readonly lastTransitionedAt: Date;
    readonly lineItems: readonly LineItem[];
    readonly payinTotal: Money | null;
    readonly payoutTotal: Money | null;
    readonly protectedData: Data;
    readonly metadata: Data;
  };
  readonly listing: {
    readonly id: string;
    readonly title: string;
    readonly publicData: Data;
    readonly privateData: Data;
    readonly metadata: Data;
    /** The listing's plan; only its type and (time plans) zone reach emails. */
    readonly availabilityPlan: { readonly type: string; readonly timezone?: string } | null;
    /** The listing's current stock; null when stock was never defined. */
    readonly currentStock: number | null;
  };
  readonly customer: EmailUser;
  readonly provider: EmailUser;
  readonly booking?: {
    readonly start: Date;
    readonly end: Date;
    readonly displayStart: Date;
    readonly displayEnd: Date;
    readonly seats: number;
    /** `pending`, `accepted`, … */
    readonly state: string;
  } | null;
  readonly stockReservation?: { readonly quantity: number; readonly state: string } | null;
  /** Reviews of the transaction; the subject is the provider for `ofProvider`. */
  readonly reviews?: readonly {
    readonly type: 'ofProvider' | 'ofCustomer';
    readonly content: string;
  }[];
  /** When the state's pending delayed transition will run (templates show deadlines with it). */
  readonly delayedTransitionRunAt?: Date | null;
}

/** Money as email contexts carry it: the amount in major units (3213 EUR cents → 32.13). */
export function emailMoney(money: Money): { amount: number; currency: string } {
  return { amount: toMajorUnits(money).toNumber(), currency: money.currency };
}

function emailUser(user: EmailUser): TemplateContext {
  return {
    id: user.id,
    'first-name': user.firstName,
    'last-name': user.lastName,
    'display-name': user.displayName,
    'public-data': user.publicData ?? {},
    'protected-data': user.protectedData ?? {},
    'private-data': user.privateData ?? {},
    metadata: user.metadata ?? {},
  };
}

const decimal = (v: string | undefined): number | undefined =>
  v === undefined ? undefined : Number(v);

function emailLineItem(item: LineItem): TemplateContext {
  const out: TemplateContext = {
    code: item.code,
    'unit-price': emailMoney(item.unitPrice),
    'line-total': emailMoney(item.lineTotal),
    'include-for': [...item.includeFor],
    reversal: item.reversal,
  };
  // Absent fields stay absent so `{{#if seats}}` tells the seat-priced items apart.
  const fields: [string, number | undefined][] = [
    ['quantity', decimal(item.quantity)],
    ['percentage', decimal(item.percentage)],
    ['units', decimal(item.units)],
    ['seats', decimal(item.seats)],
  ];
  for (const [key, value] of fields) if (value !== undefined) out[key] = value;
  return out;
}

/**
 * The context of a transaction notification to `recipientRole`: `recipient`, `recipient-role`,
 * `other-party`, `marketplace {name, url}` and `transaction` with line items, totals, booking,
 * stock reservation, reviews, parties, listing (with current stock), delayed transition and the
 * transaction's protected data and metadata.
 */
export function buildTransactionEmailContext(input: TransactionEmailInput): TemplateContext {
  const { transaction: tx, listing } = input;
  const customer = emailUser(input.customer);
  const provider = emailUser(input.provider);
  const recipient = input.recipientRole === 'customer' ? customer : provider;
  const otherParty = input.recipientRole === 'customer' ? provider : customer;

  const plan = listing.availabilityPlan;
  const transaction: TemplateContext = {
    id: tx.id,
    state: tx.state,
    'last-transition': tx.lastTransition,
    'created-at': emailDate(tx.createdAt),
    'last-transitioned-at': emailDate(tx.lastTransitionedAt),
    'tx-line-items': tx.lineItems.map(emailLineItem),
    'protected-data': tx.protectedData,
    metadata: tx.metadata,
    customer,
    provider,
    listing: {
      id: listing.id,
      title: listing.title,
      'public-data': listing.publicData,
      'private-data': listing.privateData,
      metadata: listing.metadata,
      ...(plan
        ? {
            'availability-plan': {
              type: plan.type,
              ...(plan.timezone !== undefined ? { timezone: plan.timezone } : {}),
            },
          }
        : {}),
      ...(listing.currentStock !== null
        ? { 'current-stock': { quantity: listing.currentStock } }
        : {}),
    },
    reviews: (input.reviews ?? []).map((r) => ({
      content: r.content,
      subject: r.type === 'ofProvider' ? provider : customer,
    })),
  };
  if (tx.payinTotal) transaction['payin-total'] = emailMoney(tx.payinTotal);
  if (tx.payoutTotal) transaction['payout-total'] = emailMoney(tx.payoutTotal);
  if (input.booking) {
    const b = input.booking;
    transaction.booking = {
      start: emailDate(b.start),
      end: emailDate(b.end),
      displayStart: emailDate(b.displayStart),
      displayEnd: emailDate(b.displayEnd),
      seats: b.seats,
      state: b.state,
    };
  }
  if (input.stockReservation) {
    transaction['stock-reservation'] = {
      quantity: input.stockReservation.quantity,
      state: input.stockReservation.state,
    };
  }
  if (input.delayedTransitionRunAt) {
    transaction['delayed-transition'] = { 'run-at': emailDate(input.delayedTransitionRunAt) };
  }
  return {
    recipient,
    'recipient-role': input.recipientRole,
    'other-party': otherParty,
    marketplace: { name: input.marketplace.name, url: input.marketplace.url.replace(/\/+$/, '') },
    transaction,
  };
}
