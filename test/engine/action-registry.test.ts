/**
 * The engine's action registry against the action catalogue (domain §2): every action a process
 * may name has a handler, nothing else does; a transition's parameters are the union of its
 * actions' (initializer included), required ones checked before anything runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTION_CATALOGUE, parseProcess } from '../../src/process-engine/definition/index.ts';
import { HANDLED_ACTIONS, isPaymentAction } from '../../src/process-engine/actions/index.ts';
import { assertRequiredParams, transitionParams } from '../../src/process-engine/runner/transition-params.ts';
import { DomainError } from '../../src/domain/errors.ts';

test('every usable catalogue action has a handler; the implicit initializers are the runner\'s own', () => {
  const usable = [...ACTION_CATALOGUE.values()].filter((s) => s.implicit !== true).map((s) => s.name).sort();
  assert.deepEqual([...HANDLED_ACTIONS].sort(), usable);
  assert.equal(usable.length, 48);
});

test('the payment family is exactly the catalogue\'s stripe actions', () => {
  const stripe = [...ACTION_CATALOGUE.values()].filter((s) => s.family === 'stripe').map((s) => s.name);
  assert.deepEqual(HANDLED_ACTIONS.filter(isPaymentAction).sort(), stripe.sort());
});

const process = parseProcess(`{:format :v3
 :transitions
 [{:name :transition/request
   :actor :actor.role/customer
   :privileged? true
   :actions [{:name :action/update-protected-data}
             {:name :action/create-pending-booking :config {:type :time}}
             {:name :action/privileged-set-line-items}]
   :to :state/requested}
  {:name :transition/review
   :actor :actor.role/customer
   :actions [{:name :action/update-booking} {:name :action/post-review-by-customer}]
   :from :state/requested
   :to :state/reviewed}]}`);
const [request, review] = process.transitions;

test('transition params: the union of the actions\' params, the initializer\'s listingId first', () => {
  assert.ok(request && review);
  assert.deepEqual(transitionParams(request), {
    req: { listingId: 'uuid', bookingStart: 'timestamp', bookingEnd: 'timestamp', lineItems: '[lineItem]' },
    opt: { protectedData: 'object', bookingDisplayStart: 'timestamp', bookingDisplayEnd: 'timestamp', seats: 'integer' },
  });
  // update-booking's optional bookingStart stays optional; the review's params are required.
  assert.deepEqual(transitionParams(review), {
    req: { reviewRating: 'integer', reviewContent: 'string' },
    opt: { bookingStart: 'timestamp', bookingEnd: 'timestamp', bookingDisplayStart: 'timestamp', bookingDisplayEnd: 'timestamp', seats: 'integer' },
  });
});

test('required params are checked before anything runs; unknown params are tolerated', () => {
  assert.ok(request);
  const missing = (params: Record<string, unknown>) => {
    try {
      assertRequiredParams(request, params);
      return undefined;
    } catch (e) {
      assert.ok(e instanceof DomainError);
      return [e.code, e.source?.path];
    }
  };
  assert.deepEqual(missing({}), ['validation-missing-key', ['params', 'listingId']]);
  assert.deepEqual(missing({ listingId: 'x', bookingStart: 'a', bookingEnd: 'b', lineItems: null }), ['validation-missing-key', ['params', 'lineItems']]);
  assert.equal(missing({ listingId: 'x', bookingStart: 'a', bookingEnd: 'b', lineItems: [], cardToken: 'tolerated' }), undefined);
});
