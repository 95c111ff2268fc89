/**
 * The event-log view of a user (domain §8.3): the Integration API resource after the change, and
 * previous values of only what changed (extended data per top-level key).
 */
import { appendEvent, type AuditData, type EventSource, type WireMap } from '../events/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import type { Trx } from '../../store/db.ts';
import { userAttributes, type ExtendedData, type User, type UserActor } from './user.ts';

const ref = (type: string, id: string): WireValue => ({ id: new Uuid(id), type: new Keyword(type) });

/** The user as the Integration API shows it, with its to-one relationships. */
export function userEventResource(u: User): WireMap {
  return {
    id: new Uuid(u.id),
    type: new Keyword('user'),
    attributes: userAttributes(u, 'operator'),
    relationships: {
      marketplace: { data: ref('marketplace', u.marketplaceId) },
      profileImage: { data: u.profileImageId ? ref('image', u.profileImageId) : null },
    },
  };
}

const same = (a: WireValue | undefined, b: WireValue | undefined): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const extendedDataDiff = (before: ExtendedData, after: ExtendedData): WireMap | undefined => {
  const out: WireMap = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const old = Object.hasOwn(before, key) ? before[key] : undefined;
    const now = Object.hasOwn(after, key) ? after[key] : undefined;
    // Added key ⇒ null; changed or removed key ⇒ its full old value.
    if (!same(old, now)) Object.defineProperty(out, key, { value: old ?? null, enumerable: true, writable: true, configurable: true });
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

const EXTENDED = ['publicData', 'protectedData', 'privateData', 'metadata'] as const;
const isRecord = (v: WireValue | undefined): v is { [key: string]: WireValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Uuid) && !(v instanceof Keyword);

/** `{attributes, relationships}` of what changed from `before` to `after`; null when nothing did. */
export function userPreviousValues(before: User, after: User): WireMap | null {
  const a = userAttributes(before, 'operator');
  const b = userAttributes(after, 'operator');
  const attributes: WireMap = {};
  for (const key of Object.keys(b)) {
    if (key === 'profile') continue;
    if (!same(a[key], b[key])) attributes[key] = a[key] ?? null;
  }
  const pa = a.profile;
  const pb = b.profile;
  const profile: WireMap = {};
  if (isRecord(pa) && isRecord(pb)) {
    for (const key of Object.keys(pb)) {
      if (EXTENDED.some((scope) => scope === key)) continue;
      if (!same(pa[key], pb[key])) profile[key] = pa[key] ?? null;
    }
  }
  for (const scope of EXTENDED) {
    const diff = extendedDataDiff(before[scope], after[scope]);
    if (diff) profile[scope] = diff;
  }
  if (Object.keys(profile).length > 0) attributes.profile = profile;
  const relationships: WireMap = {};
  if (before.profileImageId !== after.profileImageId) {
    relationships.profileImage = { data: before.profileImageId ? ref('image', before.profileImageId) : null };
  }
  if (Object.keys(attributes).length === 0 && Object.keys(relationships).length === 0) return null;
  return { attributes, relationships };
}

const sourceOf = (actor: UserActor): EventSource => (actor.kind === 'operator' ? 'source/integration-api' : 'source/marketplace-api');

/**
 * Appends `user/<change>`; call it last in the transaction. `user/updated` with nothing changed is
 * skipped. A deletion's previous values are only `deleted: false`: the erased data must not live on
 * in the event log.
 */
export async function appendUserEvent(trx: Trx, change: 'created' | 'updated' | 'deleted', actor: UserActor, before: User | null, after: User): Promise<void> {
  const previousValues =
    change === 'created' || before === null
      ? null
      : change === 'deleted'
        ? { attributes: { deleted: false }, relationships: {} }
        : userPreviousValues(before, after);
  if (change === 'updated' && previousValues === null) return;
  const auditData: AuditData = {
    userId: actor.kind === 'user' ? actor.userId : actor.kind === 'anonymous' && change === 'created' ? after.id : null,
    adminId: null,
    requestId: actor.requestId,
    clientId: actor.clientId,
  };
  await appendEvent(trx, {
    marketplaceId: after.marketplaceId,
    eventType: `user/${change}`,
    resourceType: 'user',
    resourceId: after.id,
    resource: change === 'deleted' ? null : userEventResource(after),
    previousValues,
    source: sourceOf(actor),
    auditData,
  });
}
