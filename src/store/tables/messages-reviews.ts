import type { Generated } from 'kysely';
import type { Timestamp } from './marketplaces.ts';

export interface MessagesTable {
  id: string;
  marketplace_id: string;
  transaction_id: string;
  sender_id: string;
  content: string;
  deleted: Generated<boolean>;
  created_at: Timestamp;
  /** Insertion order: breaks ties between rows created at the same instant. */
  seq: Generated<number>;
}

export type ReviewType = 'ofProvider' | 'ofCustomer';
export type ReviewState = 'pending' | 'public';

export interface ReviewsTable {
  id: string;
  marketplace_id: string;
  transaction_id: string;
  /** Set exactly for `ofProvider` reviews (the customer reviews the provider via the listing). */
  listing_id: string | null;
  author_id: string;
  subject_id: string;
  type: ReviewType;
  state: ReviewState;
  rating: number;
  content: string;
  deleted: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Insertion order: breaks ties between rows created at the same instant. */
  seq: Generated<number>;
}

export interface MessageReviewTables {
  messages: MessagesTable;
  reviews: ReviewsTable;
}
