// Extended-data actions (domain.md §2.6): the only ways a transaction's protected data and metadata
// change in a transition. Top-level merge with `null` removing a key (catalogue §1.8), 50 KB each.
import { assertExtendedDataSize, mergeExtendedData, toExtendedData, type ExtendedData } from '../../domain/extended-data.ts';
import { findUserById } from '../../domain/users/index.ts';
import { conflict } from '../../domain/errors.ts';
import { isKeyword, isMap, type EdnValue } from '../definition/index.ts';
import type { ActionContext, ActionHandler } from './action.ts';
import { extendedDataParam } from './params.ts';

/** `:action/update-protected-data`: merges `params.protectedData` (optional) into the transaction's. */
const updateProtectedData: ActionHandler = async (ctx) => {
  const patch = extendedDataParam(ctx.params, 'protectedData');
  if (patch === undefined) return;
  const merged = mergeExtendedData(ctx.draft.protectedData, patch);
  assertExtendedDataSize(merged, 'protectedData');
  ctx.draft.protectedData = merged;
};

/** `:action/privileged-update-metadata`: merges `params.metadata` (optional) into the transaction's. */
const updateMetadata: ActionHandler = async (ctx) => {
  const patch = extendedDataParam(ctx.params, 'metadata');
  if (patch === undefined) return;
  const merged = mergeExtendedData(ctx.draft.metadata, patch);
  assertExtendedDataSize(merged, 'metadata');
  ctx.draft.metadata = merged;
};

/** `:key-mapping {:phoneNumber :customerPhoneNumber}` as [from, to] pairs; undefined = every key as is. */
function keyMapping(value: EdnValue | undefined): [string, string][] | undefined {
  if (!isMap(value)) return undefined;
  return value.entries.flatMap(([from, to]): [string, string][] =>
    isKeyword(from) && isKeyword(to) ? [[from.name, to.name]] : [],
  );
}

/**
 * `:action/reveal-customer-protected-data` / `reveal-provider-protected-data`: copies keys of the
 * party's profile protected data into the transaction's, renamed by `:key-mapping`. Without a
 * mapping every key is copied (the reference leaves this UNCONFIRMED; copying all is the reading
 * that makes the action useful without config). Keys the user does not have are left out.
 */
const reveal =
  (role: 'customer' | 'provider'): ActionHandler =>
  async (ctx: ActionContext) => {
    const userId = role === 'customer' ? ctx.draft.customerId : ctx.draft.providerId;
    const user = await findUserById(ctx.trx, ctx.draft.marketplaceId, userId);
    if (!user || user.deleted) {
      throw role === 'customer'
        ? conflict('transaction-customer-banned-or-deleted', 'The customer of this transaction no longer exists.')
        : conflict('transaction-provider-banned-or-deleted', 'The provider of this transaction no longer exists.');
    }
    const source = toExtendedData(user.protectedData, ['protectedData']);
    const mapping = keyMapping(ctx.action.config?.['key-mapping']) ?? Object.keys(source).map((k): [string, string] => [k, k]);
    const patch: ExtendedData = {};
    for (const [from, to] of mapping) {
      const value = Object.hasOwn(source, from) ? source[from] : undefined;
      if (value !== undefined && value !== null) Object.defineProperty(patch, to, { value, enumerable: true, writable: true, configurable: true });
    }
    const merged = mergeExtendedData(ctx.draft.protectedData, patch);
    assertExtendedDataSize(merged, 'protectedData');
    ctx.draft.protectedData = merged;
  };

/** Extended-data actions by name. They throw bad-request for an invalid or oversized map. */
export const EXTENDED_DATA_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  'action/update-protected-data': updateProtectedData,
  'action/privileged-update-metadata': updateMetadata,
  'action/reveal-customer-protected-data': reveal('customer'),
  'action/reveal-provider-protected-data': reveal('provider'),
};
