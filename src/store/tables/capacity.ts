import type { Timestamp } from './marketplaces.ts';

export type HoldState = 'pending' | 'proposed' | 'accepted' | 'declined' | 'cancelled';

export interface AvailabilityExceptionsTable {
  id: string;
  marketplace_id: string;
  listing_id: string;
  start_at: Timestamp;
  end_at: Timestamp;
  seats: number;
  created_at: Timestamp;
}

export interface BookingsTable {
  id: string;
  marketplace_id: string;
  listing_id: string;
  transaction_id: string | null;
  seats: number;
  start_at: Timestamp;
  /** Exclusive. */
  end_at: Timestamp;
  display_start: Timestamp;
  display_end: Timestamp;
  state: HoldState;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StockReservationsTable {
  id: string;
  marketplace_id: string;
  listing_id: string;
  transaction_id: string | null;
  quantity: number;
  state: HoldState;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Append-only ledger; the listing's `stock_quantity` is its running sum. */
export interface StockAdjustmentsTable {
  id: string;
  marketplace_id: string;
  listing_id: string;
  reservation_id: string | null;
  quantity: number;
  at: Timestamp;
  created_at: Timestamp;
}

export interface CapacityTables {
  availability_exceptions: AvailabilityExceptionsTable;
  bookings: BookingsTable;
  stock_reservations: StockReservationsTable;
  stock_adjustments: StockAdjustmentsTable;
}
