import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ACTION_CATALOGUE,
  actionSpec,
  delayedTransitionsFrom,
  findTransition,
  initializerFor,
  isInitialTransition,
  isTerminalState,
  parseProcess,
  transitionActor,
  transitionsFrom,
} from './index.ts';

const def = parseProcess(`{:format :v3
 :transitions
 [{:name :transition/request :actor :actor.role/customer :to :state/requested}
  {:name :transition/offer :actor :actor.role/provider :to :state/requested}
  {:name :transition/accept :actor :actor.role/operator :from :state/requested :to :state/done}
  {:name :transition/expire :at {:fn/timepoint [:time/booking-end]} :from :state/requested :to :state/done}]}`);

test('lookups the transition runner uses', () => {
  assert.equal(findTransition(def, 'transition/accept')?.to, 'state/done');
  assert.equal(findTransition(def, 'transition/nope'), undefined);
  assert.deepEqual(
    def.transitions.filter(isInitialTransition).map((t) => t.name),
    ['transition/request', 'transition/offer'],
  );
  assert.deepEqual(
    transitionsFrom(def, 'state/requested').map((t) => t.name),
    ['transition/accept', 'transition/expire'],
  );
  assert.deepEqual(
    delayedTransitionsFrom(def, 'state/requested').map((t) => t.name),
    ['transition/expire'],
  );
  assert.deepEqual(def.transitions.map(transitionActor), [
    'customer',
    'provider',
    'operator',
    'system',
  ]);
  assert.equal(isTerminalState(def, 'state/done'), true);
  assert.equal(isTerminalState(def, 'state/requested'), false);
});

test('the catalogue has the 50 names of §2 and picks the initializer by flow', () => {
  assert.equal(ACTION_CATALOGUE.size, 50);
  assert.equal([...ACTION_CATALOGUE.values()].filter((s) => s.implicit !== true).length, 48);
  assert.equal([...ACTION_CATALOGUE.values()].filter((s) => s.legacy === true).length, 4);
  assert.deepEqual(
    [...ACTION_CATALOGUE.values()].filter((s) => s.privileged === true).map((s) => s.name),
    ['action/privileged-set-line-items', 'action/privileged-update-metadata'],
  );
  assert.deepEqual(actionSpec('action/post-review-by-customer')?.params, [
    { name: 'reviewRating', required: true },
    { name: 'reviewContent', required: true },
  ]);
  assert.equal(initializerFor('actor.role/customer'), 'action.initializer/init-listing-tx');
  assert.equal(initializerFor('actor.role/provider'), 'action.initializer/init-reverse-listing-tx');
});
