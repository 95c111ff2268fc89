import type { Generated } from 'kysely';
import type { Json, Timestamp } from './marketplaces.ts';

export type ListingState = 'draft' | 'pendingApproval' | 'published' | 'closed';

export interface ListingsTable {
  id: string;
  marketplace_id: string;
  author_id: string;
  state: ListingState;
  deleted: Generated<boolean>;
  title: string;
  description: string | null;
  lat: number | null;
  lng: number | null;
  /** Minor units; bigint parsed as a JS number (safe below 2^53). */
  price_amount: number | null;
  price_currency: string | null;
  availability_plan: Json<Record<string, unknown>> | null;
  public_data: Json<Record<string, unknown>>;
  private_data: Json<Record<string, unknown>>;
  metadata: Json<Record<string, unknown>>;
  /** Ordered image ids. */
  image_ids: Generated<string[]>;
  /** Weighted keyword vector (title A, description B, text-schema fields C), written by the store. */
  search_vector: Generated<string>;
  /** Running total of the stock ledger; null until stock is first defined. */
  stock_quantity: Generated<number | null>;
  /**
   * Changes with every change to what the listing's free capacity is computed from (plan,
   * exceptions, bookings); kept by triggers (migration 0019). Keys cached capacity results.
   */
  capacity_revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ListingTables {
  listings: ListingsTable;
}
