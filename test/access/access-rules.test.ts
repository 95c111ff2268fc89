/** The pure access-control rules: settings, effective permissions, initial state, every guard's 403 code. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accessSettingsOf,
  assertApprovedUser,
  assertCanInitiateTransactions,
  assertCanPostListings,
  assertCanRead,
  assertUserMay,
  effectivePermissions,
  initialPermissions,
  initialUserState,
  type AccessUser,
  type UserAction,
} from '../../src/domain/access/index.ts';
import { DomainError } from '../../src/domain/errors.ts';
import type { UserPermissions } from '../../src/domain/users/index.ts';

const ALLOW = 'permission/allow';
const DENY = 'permission/deny';
const allowAll: UserPermissions = { postListings: ALLOW, initiateTransactions: ALLOW, read: ALLOW };
const denyAll: UserPermissions = { postListings: DENY, initiateTransactions: DENY, read: DENY };

const user = (over: Partial<AccessUser> = {}): AccessUser => ({ state: 'active', deleted: false, permissions: allowAll, ...over });

const PRIVATE = { privateMarketplace: true };
const RESTRICTED = { postingNeedsPermission: true, transactionsNeedPermission: true };

/** Runs fn and returns the 403 code it throws (undefined when it passes). */
const codeOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    assert.equal(e.kind, 'forbidden');
    return e.code;
  }
};

describe('settings', () => {
  test('only true turns a setting on; other keys are ignored', () => {
    assert.deepEqual(accessSettingsOf({}), {
      privateMarketplace: false,
      usersNeedApproval: false,
      postingNeedsPermission: false,
      transactionsNeedPermission: false,
      listingsNeedApproval: false,
    });
    const s = accessSettingsOf({ privateMarketplace: true, usersNeedApproval: 'yes', postingNeedsPermission: 1, listingsNeedApproval: true, other: true });
    assert.equal(s.privateMarketplace, true);
    assert.equal(s.usersNeedApproval, false);
    assert.equal(s.postingNeedsPermission, false);
    assert.equal(s.listingsNeedApproval, true);
  });

  test('new users: state and permissions follow the marketplace', () => {
    assert.equal(initialUserState({}), 'active');
    assert.equal(initialUserState({ usersNeedApproval: true }), 'pendingApproval');
    assert.deepEqual(initialPermissions({}), allowAll);
    assert.deepEqual(initialPermissions({ postingNeedsPermission: true }), { ...allowAll, postListings: DENY });
    assert.deepEqual(initialPermissions({ transactionsNeedPermission: true }), { ...allowAll, initiateTransactions: DENY });
    // Private marketplaces let new (approved) users read.
    assert.deepEqual(initialPermissions({ privateMarketplace: true, usersNeedApproval: true }), allowAll);
  });
});

describe('effective permissions', () => {
  test('a user-level deny counts only while its marketplace toggle is on', () => {
    const denied = { permissions: denyAll };
    assert.deepEqual(effectivePermissions({}, denied), allowAll);
    assert.deepEqual(effectivePermissions({ postingNeedsPermission: true }, denied), { ...allowAll, postListings: DENY });
    assert.deepEqual(effectivePermissions({ transactionsNeedPermission: true }, denied), { ...allowAll, initiateTransactions: DENY });
    assert.deepEqual(effectivePermissions(PRIVATE, denied), { ...allowAll, read: DENY });
    assert.deepEqual(effectivePermissions({ ...PRIVATE, ...RESTRICTED }, denied), denyAll);
  });

  test('user-level allows stay allows with every toggle on', () => {
    assert.deepEqual(effectivePermissions({ ...PRIVATE, ...RESTRICTED, usersNeedApproval: true }, { permissions: allowAll }), allowAll);
  });
});

describe('read guard', () => {
  test('a public marketplace lets everyone read, anonymous and denied users too', () => {
    assert.equal(codeOf(() => assertCanRead({}, undefined)), undefined);
    assert.equal(codeOf(() => assertCanRead({}, user({ permissions: denyAll, state: 'pendingApproval' }))), undefined);
  });

  test('a private marketplace: anonymous and read-denied → permission-denied-read, pending → user-pending-approval', () => {
    assert.equal(codeOf(() => assertCanRead(PRIVATE, undefined)), 'permission-denied-read');
    assert.equal(codeOf(() => assertCanRead(PRIVATE, user({ permissions: { ...allowAll, read: DENY } }))), 'permission-denied-read');
    assert.equal(codeOf(() => assertCanRead(PRIVATE, user({ state: 'pendingApproval' }))), 'user-pending-approval');
    assert.equal(codeOf(() => assertCanRead(PRIVATE, user({ state: 'banned' }))), 'permission-denied-read');
    assert.equal(codeOf(() => assertCanRead(PRIVATE, user({ deleted: true }))), 'permission-denied-read');
    assert.equal(codeOf(() => assertCanRead(PRIVATE, user())), undefined);
  });
});

describe('action guards', () => {
  test('posting: pending approval first, then the postListings permission', () => {
    assert.equal(codeOf(() => assertCanPostListings({}, user())), undefined);
    assert.equal(codeOf(() => assertCanPostListings({}, user({ state: 'pendingApproval' }))), 'permission-denied-pending-approval');
    assert.equal(codeOf(() => assertCanPostListings({}, user({ permissions: denyAll }))), undefined, 'no toggle: the deny does not count');
    assert.equal(codeOf(() => assertCanPostListings(RESTRICTED, user({ permissions: denyAll }))), 'permission-denied-post-listings');
    assert.equal(codeOf(() => assertCanPostListings(RESTRICTED, user({ state: 'pendingApproval', permissions: denyAll }))), 'permission-denied-pending-approval');
    assert.equal(codeOf(() => assertCanPostListings({}, user({ state: 'banned' }))), 'forbidden');
  });

  test('initiating transactions: pending approval, then the initiateTransactions permission', () => {
    assert.equal(codeOf(() => assertCanInitiateTransactions({}, user())), undefined);
    assert.equal(codeOf(() => assertCanInitiateTransactions({}, user({ state: 'pendingApproval' }))), 'permission-denied-pending-approval');
    assert.equal(codeOf(() => assertCanInitiateTransactions(RESTRICTED, user({ permissions: { ...allowAll, initiateTransactions: DENY } }))), 'permission-denied-initiate-transactions');
    assert.equal(codeOf(() => assertCanInitiateTransactions(RESTRICTED, user({ permissions: { ...allowAll, postListings: DENY } }))), undefined);
    assert.equal(codeOf(() => assertCanInitiateTransactions({}, user({ deleted: true }))), 'forbidden');
  });

  test('managing and transitioning need only an approved user', () => {
    assert.equal(codeOf(() => assertApprovedUser(user({ permissions: denyAll }))), undefined);
    assert.equal(codeOf(() => assertApprovedUser(user({ state: 'pendingApproval' }))), 'permission-denied-pending-approval');
    const cases: [UserAction, AccessUser, string | undefined][] = [
      ['postListings', user({ permissions: denyAll }), 'permission-denied-post-listings'],
      ['initiateTransactions', user({ permissions: denyAll }), 'permission-denied-initiate-transactions'],
      ['manageListings', user({ permissions: denyAll }), undefined],
      ['transitionTransactions', user({ permissions: denyAll }), undefined],
      ['manageListings', user({ state: 'pendingApproval' }), 'permission-denied-pending-approval'],
      ['transitionTransactions', user({ state: 'pendingApproval' }), 'permission-denied-pending-approval'],
    ];
    for (const [action, u, code] of cases) assert.equal(codeOf(() => assertUserMay(RESTRICTED, u, action)), code, action);
  });
});
