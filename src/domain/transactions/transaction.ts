/**
 * Transactions (domain §1.12, catalogue §5.8): the data the process engine keeps for one run of a
 * transaction process. The engine (src/process-engine) decides every change; this module stores
 * and reads them, and decides who may see a transaction.
 */
import type { ExtendedData } from '../extended-data.ts';

/** Who ran a transition (the `by` of the history; domain §1.4). */
export type TransitionActor = 'customer' | 'provider' | 'operator' | 'system';

/** A party of a transaction. */
export type TransactionRole = 'customer' | 'provider';

/** One executed transition, named as the process names it (`transition/request-payment`). */
export interface TransitionEntry {
  readonly transition: string;
  readonly createdAt: Date;
  readonly by: TransitionActor;
}

/** Money in minor units. */
export interface MoneyAmount {
  readonly amount: number;
  readonly currency: string;
}

export interface Transaction {
  readonly id: string;
  readonly marketplaceId: string;
  readonly processName: string;
  readonly processVersion: number;
  readonly listingId: string;
  readonly customerId: string;
  readonly providerId: string;
  /** As the process names it (`state/preauthorized`). */
  readonly state: string;
  /** As the process names it (`transition/request-payment`). */
  readonly lastTransition: string;
  readonly lastTransitionedAt: Date;
  readonly transitions: readonly TransitionEntry[];
  /**
   * Line items in the pricing module's stored form (process-engine/pricing `lineItemsFromJson`):
   * this module keeps them opaque, the engine computes and reads them.
   */
  readonly lineItems: readonly unknown[];
  readonly payinTotal: MoneyAmount | null;
  readonly payoutTotal: MoneyAmount | null;
  readonly protectedData: ExtendedData;
  readonly metadata: ExtendedData;
  readonly lastMessageAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Who takes part in a transaction: enough for modules hanging off one (messages, reviews). */
export interface TransactionParties {
  readonly id: string;
  readonly customerId: string;
  readonly providerId: string;
  readonly listingId: string;
  readonly processName: string;
}

/** The role a user plays in a transaction, if any. */
export function roleOf(tx: Pick<Transaction, 'customerId' | 'providerId'>, userId: string): TransactionRole | undefined {
  if (tx.customerId === userId) return 'customer';
  if (tx.providerId === userId) return 'provider';
  return undefined;
}

/** Most transitions one transaction may run (domain §1.10: processes with loops must leave quota). */
export const MAX_TRANSITIONS = 100;

/**
 * A transition's hold on a transaction while its payment-provider calls run outside any DB
 * transaction (domain §2.8): other transitions are refused until it is cleared or expires.
 */
export interface PaymentLease {
  readonly id: string;
  /** The transition holding it: a retry of the same transition may take it over. */
  readonly transition: string;
  readonly until: Date;
}

/** A transaction read under its row lock, with its payment lease. */
export interface LockedTransaction extends Transaction {
  readonly paymentLease: PaymentLease | null;
}
