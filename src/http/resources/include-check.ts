/**
 * Checks a command's `include` before the command runs. Documents resolve includes level by level
 * after the data exist (src/http/wire/envelope.ts), so an unknown relationship was reported only
 * after a command had committed: the client got a 400 for a change that was stored. Command
 * routes call checkInclude right after parsing the query, before any write.
 *
 * The graph says which relationships each resource type has; INCLUDE_TARGETS says which type a
 * relationship leads to, so nested paths (`listing.author.profileImage`) are checked too. Where the
 * table does not know a target the check stops at that level (never a false 400); the document
 * still validates the rest when it is built.
 */
import { DomainError } from '../../domain/errors.ts';
import type { ResourceGraph } from '../wire/index.ts';

const userLinks = { profileImage: 'image', marketplace: 'marketplace', effectivePermissionSet: 'permissionSet' };
const listingLinks = { author: 'user', images: 'image', currentStock: 'stock', marketplace: 'marketplace' };

/** Resource type → relationship → the type of the related resources (catalogue §3, §4). */
export const INCLUDE_TARGETS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  transaction: {
    listing: 'listing',
    customer: 'user',
    provider: 'user',
    booking: 'booking',
    stockReservation: 'stockReservation',
    reviews: 'review',
    messages: 'message',
    marketplace: 'marketplace',
  },
  listing: listingLinks,
  ownListing: listingLinks,
  user: userLinks,
  currentUser: { ...userLinks, stripeCustomer: 'stripeCustomer' },
  review: { author: 'user', subject: 'user', listing: 'listing', transaction: 'transaction' },
  message: { sender: 'user', transaction: 'transaction' },
  stripeCustomer: { defaultPaymentMethod: 'stripePaymentMethod' },
};

const unknownRelationship = (type: string, name: string): DomainError =>
  new DomainError('bad-request', 'validation-invalid-value', `Invalid include: ${type} has no relationship ${name}.`, {
    source: { type: 'query', path: ['include'] },
  });

/**
 * Throws bad-request `validation-invalid-value` (source: query `include`) when a path of
 * `include` names a relationship that its resource type lacks in `graph`, starting at `type`.
 */
export function checkInclude(graph: ResourceGraph, type: string, include: readonly (readonly string[])[]): void {
  for (const path of include) {
    let current: string | undefined = type;
    for (const name of path) {
      if (current === undefined) break;
      const rels = Object.hasOwn(graph, current) ? graph[current] : undefined;
      if (!rels || !Object.hasOwn(rels, name)) throw unknownRelationship(current, name);
      const targets: Readonly<Record<string, string>> | undefined = Object.hasOwn(INCLUDE_TARGETS, current) ? INCLUDE_TARGETS[current] : undefined;
      current = targets && Object.hasOwn(targets, name) ? targets[name] : undefined;
    }
  }
}
