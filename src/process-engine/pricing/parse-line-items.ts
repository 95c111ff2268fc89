// Validation of the `lineItems` transition parameter (domain.md §3.2, catalogue §3.5). Errors are
// 400s naming the offending item in `source.path` (`params.lineItems.3.quantity`), so a client can
// point at the field; nothing is computed or stored when any item is wrong.
import { badRequest, type DomainError } from '../../domain/errors.ts';
import { ExactDecimal, isCurrencyCode } from '../../lib/money.ts';
import { Money } from '../../lib/values.ts';
import {
  LINE_ITEM_CODE_PREFIX,
  MAX_LINE_ITEM_CODE_LENGTH,
  MAX_LINE_ITEMS,
  PARTIES,
  type LineItemBasis,
  type LineItemInput,
  type Party,
} from './line-item.ts';

export type ParamPath = readonly (string | number)[];

/** Where transition parameters sit in a transition or initiate body. */
export const PARAMS_PATH: ParamPath = ['params'];

const at = (path: ParamPath): { type: 'body'; path: (string | number)[] } => ({
  type: 'body',
  path: [...path],
});
const dotted = (path: ParamPath): string => path.join('.');

/** 400 `validation-invalid-value` at `path`. */
export const invalidParam = (path: ParamPath, message: string): DomainError =>
  badRequest('validation-invalid-value', `${dotted(path)}: ${message}`, at(path));
/** 400 `validation-missing-key` at `path`. */
export const missingParam = (path: ParamPath): DomainError =>
  badRequest('validation-missing-key', `${dotted(path)} is required.`, at(path));
/** 400 `validation-invalid-params`: fields that are wrong together. */
export const invalidParams = (path: ParamPath, message: string): DomainError =>
  badRequest('validation-invalid-params', `${dotted(path)}: ${message}`, at(path));

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A Money parameter: `{amount, currency}` (transit `~#mn` decodes to that) with an integer amount
 * of minor units (floats are not money, §3.1) and an ISO currency code.
 */
export function parseMoneyParam(raw: unknown, path: ParamPath): Money {
  if (!isRecord(raw)) throw invalidParam(path, 'must be money {amount, currency}.');
  if (raw.amount === undefined) throw missingParam([...path, 'amount']);
  if (raw.currency === undefined) throw missingParam([...path, 'currency']);
  if (typeof raw.amount !== 'number' || !Number.isSafeInteger(raw.amount)) {
    throw invalidParam([...path, 'amount'], 'must be an integer number of minor units.');
  }
  if (!isCurrencyCode(raw.currency)) {
    throw invalidParam([...path, 'currency'], 'must be an ISO 4217 currency code.');
  }
  return new Money(raw.amount, raw.currency);
}

/** A decimal parameter: a JSON number or a decimal string (transit `~f` decodes to a string). */
export function parseDecimalParam(raw: unknown, path: ParamPath): ExactDecimal {
  const value =
    typeof raw === 'number'
      ? ExactDecimal.fromNumber(raw)
      : typeof raw === 'string'
        ? ExactDecimal.parse(raw)
        : undefined;
  if (value === undefined) throw invalidParam(path, 'must be a decimal number.');
  return value;
}

function parseCode(raw: unknown, path: ParamPath, legacy: boolean): string {
  if (raw === undefined) throw missingParam(path);
  if (typeof raw !== 'string') throw invalidParam(path, 'must be a string.');
  // The deprecated set-line-items-and-total documents bare codes ("cleaning-fee"); they are stored
  // in the same namespace as every other code.
  const code = legacy && !raw.startsWith(LINE_ITEM_CODE_PREFIX) ? LINE_ITEM_CODE_PREFIX + raw : raw;
  if (!code.startsWith(LINE_ITEM_CODE_PREFIX) || code.length === LINE_ITEM_CODE_PREFIX.length) {
    throw invalidParam(path, `must look like "${LINE_ITEM_CODE_PREFIX}<name>".`);
  }
  if (code.length > MAX_LINE_ITEM_CODE_LENGTH) {
    throw invalidParam(path, `must be at most ${MAX_LINE_ITEM_CODE_LENGTH} characters.`);
  }
  return code;
}

function parseBasis(item: Record<string, unknown>, path: ParamPath): LineItemBasis {
  const given = (key: string): boolean => item[key] !== undefined && item[key] !== null;
  const hasQuantity = given('quantity');
  const hasPercentage = given('percentage');
  const hasSeats = given('seats');
  const hasUnits = given('units');
  if (hasSeats !== hasUnits) {
    throw invalidParams(path, 'seats and units must be given together.');
  }
  const bases = [hasQuantity, hasPercentage, hasSeats && hasUnits].filter(Boolean).length;
  if (bases !== 1) {
    throw invalidParams(path, 'give exactly one of quantity, percentage, or seats and units.');
  }
  if (hasQuantity) {
    return { kind: 'quantity', quantity: parseDecimalParam(item.quantity, [...path, 'quantity']) };
  }
  if (hasPercentage) {
    return {
      kind: 'percentage',
      percentage: parseDecimalParam(item.percentage, [...path, 'percentage']),
    };
  }
  return {
    kind: 'seats-units',
    seats: parseDecimalParam(item.seats, [...path, 'seats']),
    units: parseDecimalParam(item.units, [...path, 'units']),
  };
}

function parseIncludeFor(raw: unknown, path: ParamPath): Party[] {
  if (raw === undefined || raw === null) return [...PARTIES];
  if (!Array.isArray(raw))
    throw invalidParam(path, 'must be an array of "customer" and "provider".');
  const parties = new Set<Party>();
  raw.forEach((p: unknown, i) => {
    if (p !== 'customer' && p !== 'provider') {
      throw invalidParam([...path, i], 'must be "customer" or "provider".');
    }
    parties.add(p);
  });
  // Canonical order, whatever order (or set) the client sent.
  return PARTIES.filter((p) => parties.has(p));
}

export interface ParseLineItemsOptions {
  /** Where the list sits in the body; default `params.lineItems`. */
  readonly path?: ParamPath;
  /**
   * The deprecated `set-line-items-and-total` form: bare codes allowed; `lineTotal` and
   * `includeFor` are not part of it and ignored (every item counts for both parties).
   */
  readonly legacy?: boolean;
}

/**
 * Validates the `lineItems` parameter into typed inputs: an array of at most 50 items, each with a
 * `line-item/<name>` code (≤ 64 chars), a Money unit price, exactly one pricing basis, an optional
 * line total and `includeFor` (default both parties), all money in one currency. Unknown keys are
 * ignored (clients echo computed fields such as `reversal`). Throws 400 DomainErrors.
 */
export function parseLineItems(raw: unknown, options: ParseLineItemsOptions = {}): LineItemInput[] {
  const path = options.path ?? [...PARAMS_PATH, 'lineItems'];
  const legacy = options.legacy === true;
  if (raw === undefined || raw === null) throw missingParam(path);
  if (!Array.isArray(raw)) throw invalidParam(path, 'must be an array of line items.');
  if (raw.length > MAX_LINE_ITEMS) {
    throw invalidParam(
      path,
      `at most ${MAX_LINE_ITEMS} line items are allowed, got ${raw.length}.`,
    );
  }
  let currency: string | undefined;
  const sameCurrency = (money: Money, moneyPath: ParamPath): Money => {
    currency ??= money.currency;
    if (money.currency !== currency) {
      throw invalidParams(
        [...moneyPath, 'currency'],
        `all line items must use one currency (${currency}), got ${money.currency}.`,
      );
    }
    return money;
  };
  return raw.map((item: unknown, i): LineItemInput => {
    const itemPath = [...path, i];
    if (!isRecord(item)) throw invalidParam(itemPath, 'must be a line item object.');
    const code = parseCode(item.code, [...itemPath, 'code'], legacy);
    if (item.unitPrice === undefined || item.unitPrice === null) {
      throw missingParam([...itemPath, 'unitPrice']);
    }
    const unitPrice = sameCurrency(parseMoneyParam(item.unitPrice, [...itemPath, 'unitPrice']), [
      ...itemPath,
      'unitPrice',
    ]);
    const basis = parseBasis(item, itemPath);
    if (legacy) {
      return { code, unitPrice, basis, includeFor: [...PARTIES] };
    }
    const includeFor = parseIncludeFor(item.includeFor, [...itemPath, 'includeFor']);
    if (item.lineTotal === undefined || item.lineTotal === null) {
      return { code, unitPrice, basis, includeFor };
    }
    const lineTotal = sameCurrency(parseMoneyParam(item.lineTotal, [...itemPath, 'lineTotal']), [
      ...itemPath,
      'lineTotal',
    ]);
    return { code, unitPrice, basis, lineTotal, includeFor };
  });
}
