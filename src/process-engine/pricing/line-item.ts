// Line items (domain.md §3): the typed input of `lineItems` and the computed items a transaction
// stores and shows. Decimal fields are canonical decimal strings (`"1.5"`, `"-10"`): exact, JSON
// storable, and what the wire's `~f` BigDecimal carries.
import { Decimal, Money, type WireValue } from '../../lib/values.ts';
import type { ExactDecimal } from '../../lib/money.ts';

/** A transaction party a line item counts for (`includeFor`). */
export type Party = 'customer' | 'provider';

export const PARTIES: readonly Party[] = ['customer', 'provider'];

/** Every line-item code starts with this (`line-item/night`). */
export const LINE_ITEM_CODE_PREFIX = 'line-item/';
export const MAX_LINE_ITEM_CODE_LENGTH = 64;
export const MAX_LINE_ITEMS = 50;

/** How a line total is derived from the unit price: exactly one basis per item (§3.2). */
export type LineItemBasis =
  | { readonly kind: 'quantity'; readonly quantity: ExactDecimal }
  | { readonly kind: 'percentage'; readonly percentage: ExactDecimal }
  | { readonly kind: 'seats-units'; readonly seats: ExactDecimal; readonly units: ExactDecimal };

/** One validated item of the `lineItems` parameter, before its total is computed. */
export interface LineItemInput {
  readonly code: string;
  readonly unitPrice: Money;
  readonly basis: LineItemBasis;
  /** The client's own total, checked against the computed one. */
  readonly lineTotal?: Money;
  readonly includeFor: readonly Party[];
}

/** A computed line item as stored on a transaction and shown by the API (catalogue §5.8). */
export interface LineItem {
  readonly code: string;
  readonly unitPrice: Money;
  /** Set for the quantity basis, and `units × seats` for the seats-and-units basis. */
  readonly quantity?: string;
  readonly units?: string;
  readonly seats?: string;
  readonly percentage?: string;
  readonly lineTotal: Money;
  /** True for the items `calculate-full-refund` appends. */
  readonly reversal: boolean;
  readonly includeFor: readonly Party[];
}

/**
 * The API form of a line item: Money for prices, transit BigDecimal (`~f`) for the decimals, the
 * parties as plain strings (the SDK decodes the real API's keyword set to the same array).
 */
export function lineItemToWire(item: LineItem): WireValue {
  const out: { [key: string]: WireValue } = {
    code: item.code,
    unitPrice: new Money(item.unitPrice.amount, item.unitPrice.currency),
  };
  if (item.quantity !== undefined) out.quantity = new Decimal(item.quantity);
  if (item.units !== undefined) out.units = new Decimal(item.units);
  if (item.seats !== undefined) out.seats = new Decimal(item.seats);
  if (item.percentage !== undefined) out.percentage = new Decimal(item.percentage);
  out.lineTotal = new Money(item.lineTotal.amount, item.lineTotal.currency);
  out.reversal = item.reversal;
  out.includeFor = [...item.includeFor];
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function storedMoney(v: unknown): Money {
  if (
    isRecord(v) &&
    typeof v.amount === 'number' &&
    Number.isSafeInteger(v.amount) &&
    typeof v.currency === 'string'
  ) {
    return new Money(v.amount, v.currency);
  }
  throw new TypeError(`stored line item has invalid money: ${JSON.stringify(v)}`);
}

function storedDecimal(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  throw new TypeError(`stored line item has an invalid decimal: ${JSON.stringify(v)}`);
}

function storedParties(v: unknown): Party[] {
  if (Array.isArray(v) && v.every((p): p is Party => p === 'customer' || p === 'provider'))
    return [...v];
  throw new TypeError(`stored line item has invalid includeFor: ${JSON.stringify(v)}`);
}

/**
 * Line items back from their stored JSON (`JSON.stringify(lineItems)`, e.g. a JSONB column).
 * Stored data was validated on the way in, so a mismatch is a bug: it throws a TypeError.
 */
export function lineItemsFromJson(json: unknown): LineItem[] {
  if (json === null || json === undefined) return [];
  if (!Array.isArray(json)) throw new TypeError('stored line items are not an array');
  return json.map((raw: unknown): LineItem => {
    if (!isRecord(raw) || typeof raw.code !== 'string') {
      throw new TypeError(`stored line item is invalid: ${JSON.stringify(raw)}`);
    }
    const quantity = storedDecimal(raw.quantity);
    const units = storedDecimal(raw.units);
    const seats = storedDecimal(raw.seats);
    const percentage = storedDecimal(raw.percentage);
    return {
      code: raw.code,
      unitPrice: storedMoney(raw.unitPrice),
      ...(quantity !== undefined ? { quantity } : {}),
      ...(units !== undefined ? { units } : {}),
      ...(seats !== undefined ? { seats } : {}),
      ...(percentage !== undefined ? { percentage } : {}),
      lineTotal: storedMoney(raw.lineTotal),
      reversal: raw.reversal === true,
      includeFor: storedParties(raw.includeFor),
    };
  });
}
