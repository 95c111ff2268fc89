// The real processes in ../shared/fixtures/processes load and validate unchanged (read in place).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  checkProcess,
  delayedTransitionsFrom,
  initialTransitions,
  isTerminalState,
  notificationsOn,
  transitionActor,
  type ProcessDefinition,
} from './index.ts';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/processes/', import.meta.url));

/** Template names with both mandatory files, as a push would list them (§1.1). */
function templatesIn(dir: string): string[] {
  return readdirSync(`${dir}/templates`).filter(
    (name) =>
      existsSync(`${dir}/templates/${name}/${name}-subject.txt`) &&
      existsSync(`${dir}/templates/${name}/${name}-html.html`),
  );
}

function load(name: string): ProcessDefinition {
  const dir = `${FIXTURES}${name}`;
  const check = checkProcess(readFileSync(`${dir}/process.edn`, 'utf8'), {
    templates: templatesIn(dir),
  });
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.warnings, []);
  assert.ok(check.definition);
  return check.definition;
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const states = (...names: string[]): string[] => sorted(names.map((n) => `state/${n}`));
const terminal = (def: ProcessDefinition): string[] =>
  sorted(def.states.filter((s) => isTerminalState(def, s)));

test('default-booking loads with the states, transitions and notifications of the reference (§11)', () => {
  const def = load('default-booking');
  assert.deepEqual(
    sorted(def.states),
    states(
      'inquiry',
      'pending-payment',
      'payment-expired',
      'preauthorized',
      'accepted',
      'declined',
      'expired',
      'delivered',
      'cancelled',
      'reviewed-by-provider',
      'reviewed-by-customer',
      'reviewed',
    ),
  );
  assert.deepEqual(
    terminal(def),
    states('payment-expired', 'declined', 'expired', 'cancelled', 'reviewed'),
  );
  assert.equal(def.transitions.length, 20);
  assert.equal(def.notifications.length, 18);
  assert.deepEqual(
    initialTransitions(def).map((t) => t.name),
    ['transition/inquire', 'transition/request-payment'],
  );

  const requestPayment = def.transitions.find((t) => t.name === 'transition/request-payment');
  assert.equal(requestPayment?.privileged, true);
  assert.deepEqual(
    requestPayment?.actions.map((a) => a.name),
    [
      'action/update-protected-data',
      'action/create-pending-booking',
      'action/privileged-set-line-items',
      'action/stripe-create-payment-intent',
    ],
  );
  assert.deepEqual(requestPayment?.actions[1]?.config, { type: { type: 'keyword', name: 'time' } });

  const [expire] = delayedTransitionsFrom(def, 'state/preauthorized');
  assert.equal(expire?.name, 'transition/expire');
  assert.equal(transitionActor(expire ?? assert.fail()), 'system');
  assert.equal(expire?.at.fn, 'min');
  assert.deepEqual(
    notificationsOn(def, 'transition/complete').map((n) => [n.to, n.template]),
    [
      ['actor.role/provider', 'booking-money-paid'],
      ['actor.role/provider', 'booking-review-by-provider-wanted'],
      ['actor.role/customer', 'booking-review-by-customer-wanted'],
    ],
  );
});

test('default-purchase loads with the states, transitions and notifications of the reference (§11)', () => {
  const def = load('default-purchase');
  assert.deepEqual(
    sorted(def.states),
    states(
      'inquiry',
      'pending-payment',
      'purchased',
      'payment-expired',
      'received',
      'delivered',
      'disputed',
      'canceled',
      'completed',
      'reviewed-by-provider',
      'reviewed-by-customer',
      'reviewed',
    ),
  );
  assert.deepEqual(terminal(def), states('payment-expired', 'canceled', 'reviewed'));
  assert.equal(def.transitions.length, 25);
  assert.equal(def.notifications.length, 30);
  const delayed = def.notifications.filter((n) => n.at !== undefined).map((n) => n.template);
  assert.deepEqual(sorted(delayed), [
    'purchase-mark-order-received-reminder',
    'purchase-order-receipt',
    'purchase-shipping-reminder',
  ]);
  // auto-complete: first-entered-state(received) with no offset.
  const [autoComplete] = delayedTransitionsFrom(def, 'state/received');
  assert.deepEqual(autoComplete?.at, {
    fn: 'timepoint',
    timepoint: { kind: 'first-entered-state', state: 'state/received' },
  });
});

test('default-inquiry loads: one customer transition, one notification', () => {
  const def = load('default-inquiry');
  assert.deepEqual(def.states, ['state/free-inquiry']);
  assert.deepEqual(terminal(def), ['state/free-inquiry']);
  assert.deepEqual(def.transitions, [
    {
      name: 'transition/inquire-without-payment',
      actor: 'actor.role/customer',
      to: 'state/free-inquiry',
      actions: [{ name: 'action/update-protected-data' }],
      privileged: false,
    },
  ]);
  assert.deepEqual(def.notifications, [
    {
      name: 'notification/inquiry-new-inquiry',
      on: 'transition/inquire-without-payment',
      to: 'actor.role/provider',
      template: 'inquiry-new-inquiry',
    },
  ]);
});

test('a fixture missing one of its templates is rejected with the notification named', () => {
  const dir = `${FIXTURES}default-inquiry`;
  const check = checkProcess(readFileSync(`${dir}/process.edn`, 'utf8'), { templates: [] });
  assert.deepEqual(check.problems, [
    {
      path: 'notifications[0] notification/inquiry-new-inquiry :template',
      message:
        'missing template :inquiry-new-inquiry (expected templates/inquiry-new-inquiry/inquiry-new-inquiry-subject.txt and inquiry-new-inquiry-html.html)',
    },
  ]);
});
