import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './marketplaces.ts';

/** One executed transition in a transaction's history (`by` is the actor that ran it). */
export interface StoredTransitionEntry {
  transition: string;
  /** ISO-8601 instant. */
  createdAt: string;
  by: 'customer' | 'provider' | 'operator' | 'system';
}

export interface TransactionsTable {
  id: string;
  marketplace_id: string;
  process_name: string;
  process_version: number;
  listing_id: string;
  customer_id: string;
  provider_id: string;
  /** The state as the process names it (`state/preauthorized`). */
  state: string;
  /** The transition as the process names it (`transition/request-payment`). */
  last_transition: string;
  last_transitioned_at: Timestamp;
  transitions: Json<StoredTransitionEntry[]>;
  /** Line items as the pricing module stores them (process-engine/pricing `lineItemsFromJson`). */
  line_items: Json<unknown[]>;
  /** Minor units; bigint parsed as a JS number. */
  payin_total_amount: number | null;
  payin_total_currency: string | null;
  payout_total_amount: number | null;
  payout_total_currency: string | null;
  protected_data: Json<Record<string, unknown>>;
  metadata: Json<Record<string, unknown>>;
  last_message_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The payment lease (migration 0018): held by a transition while its provider calls run. */
  payment_lease_id: Generated<string | null>;
  payment_lease_transition: Generated<string | null>;
  payment_lease_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface TransactionTables {
  transactions: TransactionsTable;
}
