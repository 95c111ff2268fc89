// The `transaction` resource's attributes (catalogue §5.8) for each kind of reader. Lives in the
// engine because line items are the pricing module's values.
//
// Line items by `includeFor` (domain §3.3, §3.5): a party on the Marketplace API sees the items that
// count for their role — the customer its price and customer commission, the provider its price and
// provider commission (the web template shows exactly these, filtering by role) — while operators
// (Integration API, events) see every item. Totals are shown to both parties.
import type { Transaction, TransactionRole } from '../../domain/transactions/index.ts';
import { Money, type WireValue } from '../../lib/values.ts';
import { lineItemToWire, lineItemsFromJson, type LineItem } from '../pricing/index.ts';

/** Who reads a transaction: one of its parties, or an operator (Integration API, events). */
export type TransactionViewer = TransactionRole | 'operator';

/** The transaction's line items (stored form → values). */
export const lineItemsOf = (tx: Pick<Transaction, 'lineItems'>): LineItem[] => lineItemsFromJson(tx.lineItems);

/** The line items the viewer sees. */
export function visibleLineItems(tx: Pick<Transaction, 'lineItems'>, viewer: TransactionViewer): LineItem[] {
  const items = lineItemsOf(tx);
  return viewer === 'operator' ? items : items.filter((item) => item.includeFor.includes(viewer));
}

const money = (m: { amount: number; currency: string } | null): Money | null => (m ? new Money(m.amount, m.currency) : null);

/** The attributes of the `transaction` resource as `viewer` sees them. */
export function transactionAttributes(tx: Transaction, viewer: TransactionViewer): Record<string, WireValue> {
  return {
    createdAt: tx.createdAt,
    processName: tx.processName,
    processVersion: tx.processVersion,
    state: tx.state,
    lastTransition: tx.lastTransition,
    lastTransitionedAt: tx.lastTransitionedAt,
    transitions: tx.transitions.map((t) => ({ transition: t.transition, createdAt: t.createdAt, by: t.by })),
    lineItems: visibleLineItems(tx, viewer).map(lineItemToWire),
    payinTotal: money(tx.payinTotal),
    payoutTotal: money(tx.payoutTotal),
    protectedData: tx.protectedData,
    metadata: tx.metadata,
  };
}
