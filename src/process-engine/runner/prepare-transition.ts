// Resolving and checking a transition before it runs (domain §1.10): the process version and the
// transition, who may run it from which state with which params, and — for an initiation — the
// listing and the new transaction row. Everything here throws before any action has run.
import { authorizeUser } from '../../domain/access/index.ts';
import { badRequest, conflict, forbidden } from '../../domain/errors.ts';
import { findListingsByIds, lockListing, type Listing } from '../../domain/listings/index.ts';
import {
  MAX_TRANSITIONS,
  createTransaction,
  lockTransaction,
  roleOf,
  type Transaction,
  type TransitionActor,
} from '../../domain/transactions/index.ts';
import { findUserById } from '../../domain/users/index.ts';
import type { Trx } from '../../store/db.ts';
import { uuidParam } from '../actions/params.ts';
import { INITIAL_STATE, actionSpec, findTransition, transitionActor, type TransitionDef } from '../definition/index.ts';
import { loadProcessByAlias, loadProcessVersion, type LoadedProcess } from '../registry/index.ts';
import type { TransitionCaller, UserCaller } from './caller.ts';
import { assertRequiredParams } from './transition-params.ts';

/** `transactions/initiate[_speculative]`: a user starts a transaction on a listing. */
export interface InitiateRequest {
  readonly marketplaceId: string;
  readonly caller: UserCaller;
  /** `NAME/ALIAS`, resolved now; the transaction keeps that version for life. */
  readonly processAlias: string;
  /** `transition/<name>`, an initial transition of the process. */
  readonly transition: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** `transactions/transition[_speculative]` or a timer: moves an existing transaction. */
export interface TransitionRequest {
  readonly marketplaceId: string;
  readonly caller: TransitionCaller;
  readonly transactionId: string;
  readonly transition: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A transition resolved and authorised, ready to run. */
export interface Prepared {
  readonly caller: TransitionCaller;
  readonly process: LoadedProcess;
  readonly transition: TransitionDef;
  /** The transaction before the transition; null when it initiates one. */
  readonly before: Transaction | null;
  /** The row the actions run on (for initiation: the fresh row). */
  readonly start: Transaction;
  readonly listing: Listing;
  readonly by: TransitionActor;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Resolves and checks a transition inside its DB transaction (locking what it will change). */
export type Prepare = (trx: Trx, now: Date) => Promise<Prepared>;

/** Action families that take a listing's capacity lock (bookings, stock). */
const CAPACITY_FAMILIES: ReadonlySet<string> = new Set(['booking', 'stock']);

/** A transition name the process does not have: the client's mistake, named precisely. */
function transitionNamed(process: LoadedProcess, name: string): TransitionDef {
  const transition = findTransition(process.definition, name);
  if (!transition) {
    throw badRequest('validation-invalid-value', `Process ${process.name} (version ${process.version}) has no transition ${name}.`, {
      type: 'body',
      path: ['transition'],
    });
  }
  return transition;
}

/** The listing a transaction is initiated on: it must be published and not the caller's own. */
async function initiationListing(trx: Trx, marketplaceId: string, listingId: string, callerId: string, role: 'customer' | 'provider'): Promise<Listing> {
  const [listing] = await findListingsByIds(trx, marketplaceId, [listingId]);
  if (!listing || listing.deleted || listing.state !== 'published') {
    throw conflict('transaction-listing-not-found', `Listing ${listingId} was not found or is not open for transactions (only published listings are).`);
  }
  if (listing.authorId === callerId) {
    throw conflict('transaction-same-author-and-customer', 'A user cannot start a transaction with themself: the listing is the caller\'s own.');
  }
  const author = await findUserById(trx, marketplaceId, listing.authorId);
  if (!author || author.deleted || author.state === 'banned') {
    // The author takes the other role: provider in the regular flow, customer in the reverse one.
    throw role === 'customer'
      ? conflict('transaction-provider-banned-or-deleted', 'The listing\'s author is banned or deleted.')
      : conflict('transaction-customer-banned-or-deleted', 'The listing\'s author is banned or deleted.');
  }
  return listing;
}

/** Resolves and checks an initiation, and creates the transaction row its actions run on. */
export const prepareInitiation =
  (req: InitiateRequest, id: string): Prepare =>
  async (trx, now) => {
    const process = await loadProcessByAlias(trx, req.marketplaceId, req.processAlias);
    if (!process) throw conflict('transaction-unknown-alias', `No process alias ${req.processAlias} in this marketplace.`);
    const transition = transitionNamed(process, req.transition);
    if (transition.from !== undefined || transition.actor === undefined || transition.actor === 'actor.role/operator') {
      throw conflict('transaction-invalid-transition', `${transition.name} is not an initial transition of ${process.name}: it runs from ${transition.from ?? 'no state'}.`);
    }
    const role = transition.actor === 'actor.role/provider' ? 'provider' : 'customer';
    if (transition.privileged && !req.caller.trusted) {
      throw forbidden('forbidden', `${transition.name} is privileged: initiate it with a trusted token (sdk.exchangeToken()).`);
    }
    await authorizeUser(trx, { marketplaceId: req.marketplaceId, userId: req.caller.userId, action: 'initiateTransactions' });
    assertRequiredParams(transition, req.params);
    const listingId = uuidParam(req.params, 'listingId');
    if (listingId === undefined) throw badRequest('validation-missing-key', 'params.listingId is required.', { type: 'body', path: ['params', 'listingId'] });
    const listing = await initiationListing(trx, req.marketplaceId, listingId, req.caller.userId, role);
    // The new row's foreign key share-locks the listing; a capacity action then wants the listing's
    // row lock, and two initiations holding the share lock would deadlock. Take the capacity lock first.
    if (transition.actions.some((a) => CAPACITY_FAMILIES.has(actionSpec(a.name)?.family ?? ''))) {
      await lockListing(trx, req.marketplaceId, listing.id);
    }
    const start = await createTransaction(trx, {
      id,
      marketplaceId: req.marketplaceId,
      processName: process.name,
      processVersion: process.version,
      listingId: listing.id,
      customerId: role === 'customer' ? req.caller.userId : listing.authorId,
      providerId: role === 'provider' ? req.caller.userId : listing.authorId,
      state: INITIAL_STATE,
      lastTransition: transition.name,
      lastTransitionedAt: now,
      transitions: [],
      lineItems: [],
      payinTotal: null,
      payoutTotal: null,
      protectedData: {},
      metadata: {},
      lastMessageAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return { caller: req.caller, process, transition, before: null, start, listing, by: role, params: req.params };
  };

/** Who may run `transition` on `tx`: returns the history's `by`, or throws forbidden. */
async function authorize(trx: Trx, caller: TransitionCaller, tx: Transaction, transition: TransitionDef): Promise<TransitionActor> {
  const actor = transitionActor(transition);
  switch (caller.kind) {
    case 'user': {
      const role = roleOf(tx, caller.userId);
      if (role === undefined) throw forbidden('forbidden', 'Only the customer and the provider of a transaction may transition it.');
      if (actor === 'system') throw forbidden('forbidden', `${transition.name} runs automatically at its time (:at); it cannot be invoked.`);
      if (actor === 'operator') throw forbidden('forbidden', `${transition.name} is an operator transition: only the Integration API may run it.`);
      if (actor !== role) throw forbidden('forbidden', `${transition.name} is for the ${actor}; the caller is the ${role} of this transaction.`);
      if (transition.privileged && !caller.trusted) {
        throw forbidden('forbidden', `${transition.name} is privileged: run it with a trusted token (sdk.exchangeToken()).`);
      }
      await authorizeUser(trx, { marketplaceId: tx.marketplaceId, userId: caller.userId, action: 'transitionTransactions' });
      return role;
    }
    case 'operator':
      if (actor !== 'operator') throw forbidden('forbidden', `${transition.name} is for the ${actor}: the Integration API runs only operator transitions.`);
      return 'operator';
    case 'system':
      if (actor !== 'system') throw forbidden('forbidden', `${transition.name} is not a delayed transition.`);
      return 'system';
  }
}

/**
 * Resolves and checks a transition of an existing transaction, whose row it locks. `leaseId`: the
 * payment lease this run holds (another transition's unexpired lease refuses it).
 */
export const prepareTransition =
  (req: TransitionRequest, leaseId?: string): Prepare =>
  async (trx, now) => {
    const locked = await lockTransaction(trx, req.marketplaceId, req.transactionId, { nowait: req.caller.kind !== 'system' });
    if (!locked) throw conflict('transaction-not-found', `No transaction ${req.transactionId} in this marketplace.`);
    const { paymentLease, ...tx } = locked;
    // Another transition is calling the payment provider for this transaction (run-transition.ts).
    // The same transition may go on: a retry after a timeout reuses its idempotency keys.
    if (paymentLease && paymentLease.until > now && paymentLease.id !== leaseId && paymentLease.transition !== req.transition) {
      throw conflict('transaction-locked', `A payment of this transaction is in progress (${paymentLease.transition}); retry shortly.`);
    }
    const process = await loadProcessVersion(trx, req.marketplaceId, tx.processName, tx.processVersion);
    if (!process) throw new Error(`transaction ${tx.id}: process ${tx.processName} version ${tx.processVersion} is missing`);
    const transition = transitionNamed(process, req.transition);
    const by = await authorize(trx, req.caller, tx, transition);
    if (transition.from !== tx.state) {
      throw conflict(
        'transaction-invalid-transition',
        `${transition.name} cannot run from ${tx.state}: it runs from ${transition.from ?? 'no state (it initiates a transaction)'}.`,
      );
    }
    if (tx.transitions.length >= MAX_TRANSITIONS) {
      throw conflict('transaction-invalid-transition', `The transaction has run ${MAX_TRANSITIONS} transitions, the most one transaction may run.`);
    }
    assertRequiredParams(transition, req.params);
    const [listing] = await findListingsByIds(trx, req.marketplaceId, [tx.listingId]);
    if (!listing) throw new Error(`transaction ${tx.id}: listing ${tx.listingId} is missing`);
    return { caller: req.caller, process, transition, before: tx, start: tx, listing, by, params: req.params };
  };
