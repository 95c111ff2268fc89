/**
 * The `booking` resource (catalogue §5.9): attributes `seats`, `start`, `end`, `displayStart`,
 * `displayEnd`, `state`. Relationships: `transaction` (both APIs) and `listing` (Integration API).
 *
 * For `transaction.booking` includes, use `bookingOfTransactionResolver` (one query per include
 * level). For `bookings/query` and nested includes below a booking, a BookingPresenter remembers
 * the bookings it presented so its resolvers know their transaction and listing ids; the caller
 * supplies the resolvers that present transactions and listings.
 */
import {
  bookingAttributes,
  findBookingsOfTransactions,
  type Booking,
} from '../../domain/bookings/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid } from '../../lib/values.ts';
import type { RelationshipResolver, Resource } from '../wire/index.ts';

/** A booking as a resource. */
export const toBookingResource = (b: Booking): Resource => ({
  id: new Uuid(b.id),
  type: 'booking',
  attributes: bookingAttributes(b),
});

/**
 * A to-one `booking` relationship of transactions: `transactionIdOf` reads each parent's
 * transaction id (undefined: no booking shown). Parents whose transaction has no booking get null.
 */
export const bookingOfTransactionResolver =
  (
    db: Executor,
    marketplaceId: string,
    transactionIdOf: (parent: Resource) => string | undefined,
  ): RelationshipResolver =>
  async (parents) => {
    const ids = parents.map(transactionIdOf);
    const bookings = await findBookingsOfTransactions(
      db,
      marketplaceId,
      ids.filter((id): id is string => id !== undefined),
    );
    const byTransaction = new Map(bookings.map((b) => [b.transactionId, b]));
    return new Map(
      parents.map((p, i) => {
        const id = ids[i];
        const booking = id === undefined ? undefined : byTransaction.get(id);
        return [p.id.uuid, booking ? toBookingResource(booking) : null];
      }),
    );
  };

/** Per-request presenter of bookings (bookings/query): remembers what it presented. */
export class BookingPresenter {
  private readonly known = new Map<string, Booking>();

  /** Presents bookings and remembers them for the resolvers. */
  present(bookings: readonly Booking[]): Resource[] {
    return bookings.map((b) => {
      this.known.set(b.id, b);
      return toBookingResource(b);
    });
  }

  /** The transaction id of a presented booking (for a `transaction` resolver). */
  transactionIdOf = (parent: Resource): string | undefined =>
    this.known.get(parent.id.uuid)?.transactionId ?? undefined;

  /** The listing id of a presented booking (for a `listing` resolver, Integration API). */
  listingIdOf = (parent: Resource): string | undefined => this.known.get(parent.id.uuid)?.listingId;
}
