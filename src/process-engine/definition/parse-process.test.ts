import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkProcess,
  parseProcess,
  ProcessValidationError,
  type ProcessProblem,
} from './index.ts';

/** A process around the given transition/notification EDN, with one valid initial transition first. */
const proc = (transitions: string, notifications = '', format = ':v3'): string => `
{:format ${format}
 :transitions
 [{:name :transition/start :actor :actor.role/customer :to :state/started}
  ${transitions}]
 :notifications [${notifications}]}`;

/** Asserts that loading fails with (at least) a problem at `path` whose message matches. */
function rejects(text: string, path: string, message: RegExp, options = {}): void {
  assert.throws(
    () => parseProcess(text, options),
    (err: unknown) => {
      assert.ok(err instanceof ProcessValidationError);
      const hit = err.problems.find((p) => p.path === path && message.test(p.message));
      assert.ok(hit, `no problem at "${path}" matching ${message}; got:\n${err.message}`);
      return true;
    },
  );
}

const problemsOf = (text: string, options = {}): readonly ProcessProblem[] =>
  checkProcess(text, options).problems;

test('a minimal valid process loads into typed data', () => {
  const def = parseProcess(
    proc(
      `{:name :transition/finish :at {:fn/plus [{:fn/timepoint [:time/first-entered-state :state/started]} {:fn/period ["P1D"]}]}
        :from :state/started :to :state/done
        :actions [{:name :action/create-pending-booking :config {:type :time}}]}`,
      `{:name :notification/done :on :transition/finish :to :actor.role/customer :template :done}`,
    ),
  );
  assert.equal(def.format, 'v3');
  assert.deepEqual(def.states, ['state/started', 'state/done']);
  const [start, finish] = def.transitions;
  assert.deepEqual(start, {
    name: 'transition/start',
    actor: 'actor.role/customer',
    to: 'state/started',
    actions: [],
    privileged: false,
  });
  assert.equal(finish?.from, 'state/started');
  assert.equal(finish?.actor, undefined);
  assert.equal(finish?.at?.fn, 'plus');
  assert.deepEqual(finish?.actions, [
    { name: 'action/create-pending-booking', config: { type: { type: 'keyword', name: 'time' } } },
  ]);
  assert.deepEqual(def.notifications, [
    {
      name: 'notification/done',
      on: 'transition/finish',
      to: 'actor.role/customer',
      template: 'done',
    },
  ]);
});

test('all problems are collected into one error', () => {
  const problems = problemsOf(
    proc(`{:name :transition/a :from :state/started :to :state/x :actions [{:name :action/nope}]}
          {:name :transition/b :from :state/started :to :state/y :actor :actor.role/admin}`),
  );
  assert.ok(problems.length >= 3, JSON.stringify(problems));
});

test('rejects text that is not one EDN map', () => {
  rejects('{:format :v3', '.', /unbalanced|unterminated/);
  rejects('{:format :v3} {:x 1}', '.', /exactly one EDN value, found 2/);
  rejects('[:format :v3]', '.', /must be a map/);
});

test('rule: unknown or missing format', () => {
  rejects(proc('', '', ':v2'), ':format', /unknown format :v2/);
  rejects(
    `{:transitions [{:name :transition/s :actor :actor.role/customer :to :state/s}]}`,
    ':format',
    /missing :format/,
  );
  rejects(proc('', '', '"v3"'), ':format', /unknown format "v3"/);
});

test('rule: :transitions is required and must be a vector', () => {
  rejects('{:format :v3}', ':transitions', /missing :transitions/);
  rejects('{:format :v3 :transitions {}}', ':transitions', /must be a vector/);
});

test('rule: unknown action name', () => {
  rejects(
    proc(
      `{:name :transition/t :actor :actor.role/provider :from :state/started :to :state/e :actions [{:name :action/launch-rocket}]}`,
    ),
    'transitions[1] transition/t :actions[0]',
    /unknown action :action\/launch-rocket/,
  );
});

test('rule: implicit initializers cannot be written in process.edn', () => {
  rejects(
    proc(
      `{:name :transition/t :actor :actor.role/provider :from :state/started :to :state/e :actions [{:name :action.initializer/init-listing-tx}]}`,
    ),
    'transitions[1] transition/t :actions[0]',
    /runs implicitly/,
  );
});

test('the whole catalogue is accepted, including legacy and newer names', () => {
  const names = [
    'action/stripe-create-charge',
    'action/stripe-create-charge-pi',
    'action/stripe-capture-charge',
    'action/stripe-capture-charge-pi',
    'action/stripe-refund-charge',
    'action/stripe-create-payment-intent-push',
    'action/reveal-listing-protected-files',
    'action/set-negotiated-total-price',
    'action/calculate-tx-total-daily-booking-exclude-start',
    'action/fail',
  ];
  const actions = names.map((n) => `{:name :${n}}`).join(' ');
  const check = checkProcess(
    proc(
      `{:name :transition/t :actor :actor.role/provider :from :state/started :to :state/e :actions [${actions}]}`,
    ),
  );
  assert.deepEqual(check.problems, []);
  // Deprecated and legacy ones load, with a warning.
  assert.ok(
    check.warnings.some((w) =>
      /stripe-refund-charge is deprecated \(use :action\/stripe-refund-payment\)/.test(w.message),
    ),
  );
});

test('rule: malformed action config', () => {
  const t = (actions: string) =>
    proc(
      `{:name :transition/t :actor :actor.role/customer :from :state/started :to :state/e :actions [${actions}]}`,
    );
  rejects(
    t(`{:name :action/create-pending-booking :config {:type :hour}}`),
    'transitions[1] transition/t :actions[0] :config :type',
    /one of :day, :time, got :hour/,
  );
  rejects(
    t(`{:name :action/create-pending-booking :config [:type :time]}`),
    'transitions[1] transition/t :actions[0] :config',
    /must be a map/,
  );
  rejects(
    t(
      `{:name :action/stripe-create-payment-intent :config {:use-customer-default-payment-method? "yes"}}`,
    ),
    'transitions[1] transition/t :actions[0] :config :use-customer-default-payment-method?',
    /true or false/,
  );
  rejects(
    t(`{:name :action/calculate-tx-provider-commission :config {:min {:amount 1}}}`),
    'transitions[1] transition/t :actions[0] :config',
    /missing required config key :commission/,
  );
  rejects(
    t(
      `{:name :action/calculate-tx-provider-commission :config {:commission 0.1M :max {:amount 10}}}`,
    ),
    'transitions[1] transition/t :actions[0] :config :max',
    /:currency/,
  );
  rejects(
    t(`{:name :action/calculate-tx-customer-fixed-commission}`),
    'transitions[1] transition/t :actions[0] :config',
    /needs :config with :commission/,
  );
  rejects(
    t(`{:name :action/reveal-customer-protected-data :config {:key-mapping {:phone "phone"}}}`),
    'transitions[1] transition/t :actions[0] :config :key-mapping',
    /keyword to keyword/,
  );
  // Valid configs, with decimals (0.1M) and bigints (1N).
  assert.deepEqual(
    problemsOf(
      t(`{:name :action/calculate-tx-provider-commission :config {:commission 0.1M :min {:amount 1N :currency "EUR"}}}
                  {:name :action/reveal-provider-protected-data :config {:key-mapping {:phoneNumber :providerPhone}}}`),
    ),
    [],
  );
  // Undocumented keys only warn.
  const check = checkProcess(
    t(`{:name :action/create-pending-booking :config {:type :time :colour :red}}`),
  );
  assert.deepEqual(check.problems, []);
  assert.match(check.warnings[0]?.message ?? '', /unknown config key/);
});

test('rule: duplicate transition and notification names', () => {
  rejects(
    proc(`{:name :transition/start :actor :actor.role/provider :from :state/started :to :state/e}`),
    'transitions[1] transition/start',
    /duplicate transition name :transition\/start/,
  );
  rejects(
    proc(
      '',
      `{:name :notification/n :on :transition/start :to :actor.role/customer :template :a}
              {:name :notification/n :on :transition/start :to :actor.role/provider :template :b}`,
    ),
    'notifications[1] notification/n',
    /duplicate notification name/,
  );
});

test('rule: exactly one of :actor or :at', () => {
  rejects(
    proc(`{:name :transition/t :from :state/started :to :state/e}`),
    'transitions[1] transition/t',
    /exactly one of :actor or :at \(neither/,
  );
  rejects(
    proc(
      `{:name :transition/t :actor :actor.role/customer :at {:fn/timepoint [:time/booking-end]} :from :state/started :to :state/e}`,
    ),
    'transitions[1] transition/t',
    /exactly one of :actor or :at \(both/,
  );
});

test('rule: unknown actor role', () => {
  rejects(
    proc(`{:name :transition/t :actor :actor.role/system :from :state/started :to :state/e}`),
    'transitions[1] transition/t :actor',
    /unknown actor role :actor.role\/system/,
  );
  rejects(
    proc(`{:name :transition/t :actor "customer" :from :state/started :to :state/e}`),
    'transitions[1] transition/t :actor',
    /must be a keyword/,
  );
});

test('rule: :name and :to are required; :from and :to are keywords', () => {
  rejects(
    proc(`{:actor :actor.role/customer :from :state/started :to :state/e}`),
    'transitions[1]',
    /missing :name/,
  );
  rejects(
    proc(`{:name :transition/t :actor :actor.role/customer :from :state/started}`),
    'transitions[1] transition/t',
    /missing :to/,
  );
  rejects(
    proc(`{:name :transition/t :actor :actor.role/customer :from "started" :to :state/e}`),
    'transitions[1] transition/t :from',
    /must be a keyword/,
  );
});

test('rule: every state is reachable from an initial transition', () => {
  rejects(
    proc(
      `{:name :transition/orphan :actor :actor.role/customer :from :state/limbo :to :state/nowhere}`,
    ),
    'states state/limbo',
    /not reachable from any initial transition \(used by :transition\/orphan\)/,
  );
  // A process with no initial transition at all has nothing reachable.
  rejects(
    `{:format :v3 :transitions [{:name :transition/t :actor :actor.role/customer :from :state/a :to :state/b}]}`,
    'states state/a',
    /not reachable/,
  );
});

test('rule: initial transitions are initiated by a customer or a provider', () => {
  rejects(
    proc(`{:name :transition/op-start :actor :actor.role/operator :to :state/started}`),
    'transitions[1] transition/op-start',
    /must have actor customer or provider/,
  );
  rejects(
    proc(
      `{:name :transition/auto-start :at {:fn/timepoint [:time/tx-initiated]} :to :state/started}`,
    ),
    'transitions[1] transition/auto-start',
    /cannot be delayed/,
  );
  assert.deepEqual(
    problemsOf(proc(`{:name :transition/offer :actor :actor.role/provider :to :state/started}`)),
    [],
  );
});

test('rule: privileged actions need :privileged? true or the operator actor', () => {
  rejects(
    proc(
      `{:name :transition/t :actor :actor.role/customer :from :state/started :to :state/e :actions [{:name :action/privileged-set-line-items}]}`,
    ),
    'transitions[1] transition/t',
    /:action\/privileged-set-line-items is privileged/,
  );
  rejects(
    proc(
      `{:name :transition/t :at {:fn/timepoint [:time/booking-end]} :from :state/started :to :state/e :actions [{:name :action/privileged-update-metadata}]}`,
    ),
    'transitions[1] transition/t',
    /privileged-update-metadata is privileged/,
  );
  assert.deepEqual(
    problemsOf(
      proc(`{:name :transition/a :actor :actor.role/customer :privileged? true :from :state/started :to :state/e :actions [{:name :action/privileged-set-line-items}]}
                     {:name :transition/b :actor :actor.role/operator :from :state/started :to :state/e :actions [{:name :action/privileged-update-metadata}]}`),
    ),
    [],
  );
  // The reference has no rule against a privileged flag without privileged actions.
  assert.deepEqual(
    problemsOf(
      proc(
        `{:name :transition/c :actor :actor.role/customer :privileged? true :from :state/started :to :state/e}`,
      ),
    ),
    [],
  );
  rejects(
    proc(
      `{:name :transition/d :actor :actor.role/customer :privileged? "yes" :from :state/started :to :state/e}`,
    ),
    'transitions[1] transition/d :privileged?',
    /true or false/,
  );
});

test('rule: bad time expressions say what is wrong and where', () => {
  const t = (at: string) =>
    proc(`{:name :transition/t :at ${at} :from :state/started :to :state/e}`);
  rejects(
    t(`{:fn/later [{:fn/timepoint [:time/booking-end]}]}`),
    'transitions[1] transition/t :at :fn/later',
    /unknown time function :fn\/later/,
  );
  rejects(
    t(`{:fn/timepoint [:time/booking-middle]}`),
    'transitions[1] transition/t :at :fn/timepoint',
    /unknown timepoint :time\/booking-middle/,
  );
  rejects(
    t(`{:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/period ["6 days"]}]}`),
    'transitions[1] transition/t :at :fn/plus[1] :fn/period',
    /"6 days" is not an ISO-8601 duration/,
  );
  rejects(
    t(`{:fn/max [{:fn/timepoint [:time/booking-end]}]}`),
    'transitions[1] transition/t :at :fn/max',
    /not part of the Flex time-expression grammar/,
  );
  rejects(t(`"P1D"`), 'transitions[1] transition/t :at', /map with exactly one function key/);
});

test('rule: states and transitions named in time expressions exist', () => {
  rejects(
    proc(
      `{:name :transition/t :at {:fn/timepoint [:time/first-entered-state :state/ghost]} :from :state/started :to :state/e}`,
    ),
    'transitions[1] transition/t :at',
    /unknown state :state\/ghost/,
  );
  rejects(
    proc(
      '',
      `{:name :notification/n :on :transition/start :to :actor.role/customer :template :n
               :at {:fn/timepoint [:time/first-transitioned :transition/ghost]}}`,
    ),
    'notifications[0] notification/n :at',
    /unknown transition :transition\/ghost/,
  );
});

test(':fn/max loads when the local extension is enabled', () => {
  const text = proc(
    `{:name :transition/t :at {:fn/max [{:fn/timepoint [:time/booking-end]}]} :from :state/started :to :state/e}`,
  );
  assert.equal(parseProcess(text, { allowFnMax: true }).transitions[1]?.at?.fn, 'max');
});

test('rule: notification on an unknown transition', () => {
  rejects(
    proc('', `{:name :notification/n :on :transition/nope :to :actor.role/customer :template :n}`),
    'notifications[0] notification/n :on',
    /unknown transition :transition\/nope/,
  );
});

test('rule: unknown recipient role (operators get no notifications)', () => {
  rejects(
    proc('', `{:name :notification/n :on :transition/start :to :actor.role/operator :template :n}`),
    'notifications[0] notification/n :to',
    /unknown recipient role :actor.role\/operator/,
  );
});

test('rule: notification keys are required and the template is an unqualified keyword', () => {
  rejects(
    proc('', `{:name :notification/n :on :transition/start :to :actor.role/customer}`),
    'notifications[0] notification/n',
    /missing :template/,
  );
  rejects(
    proc(
      '',
      `{:name :notification/n :on :transition/start :to :actor.role/customer :template "n"}`,
    ),
    'notifications[0] notification/n :template',
    /unqualified keyword/,
  );
  rejects(
    proc(
      '',
      `{:name :notification/n :on :transition/start :to :actor.role/customer :template :t/n}`,
    ),
    'notifications[0] notification/n :template',
    /unqualified keyword/,
  );
});

test('rule: missing template when the caller lists the available ones', () => {
  const text = proc(
    '',
    `{:name :notification/n :on :transition/start :to :actor.role/customer :template :welcome}`,
  );
  rejects(text, 'notifications[0] notification/n :template', /missing template :welcome/, {
    templates: ['other'],
  });
  // Not listed ⇒ not checked; unused templates are a warning only (§1.1).
  assert.deepEqual(problemsOf(text), []);
  const check = checkProcess(text, { templates: ['welcome', 'spare'] });
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.warnings, [
    { path: 'templates spare', message: 'template is not used by any notification' },
  ]);
});

test('unknown keys are warnings, duplicate keys are problems', () => {
  const check = checkProcess(
    proc(
      `{:name :transition/t :actor :actor.role/customer :from :state/started :to :state/e :colour :blue}`,
    ),
  );
  assert.deepEqual(check.problems, []);
  assert.deepEqual(check.warnings, [
    { path: 'transitions[1] transition/t :colour', message: 'unknown key; it is ignored' },
  ]);
  rejects(
    proc(
      `{:name :transition/t :actor :actor.role/customer :from :state/started :to :state/e :to :state/f}`,
    ),
    'transitions[1] transition/t',
    /duplicate key :to/,
  );
});

test('rule: :state/initial is reserved for the implicit start state', () => {
  rejects(
    proc(`{:name :transition/t :actor :actor.role/customer :from :state/initial :to :state/e}`),
    'transitions[1] transition/t :from',
    /reserved for the implicit start state/,
  );
});

test('warns when a delayed transition runs an action that needs parameters', () => {
  const check = checkProcess(
    proc(`{:name :transition/t :at {:fn/timepoint [:time/booking-end]} :from :state/started :to :state/e
           :actions [{:name :action/post-review-by-customer}]}`),
  );
  assert.deepEqual(check.problems, []);
  assert.match(
    check.warnings[0]?.message ?? '',
    /needs reviewRating, reviewContent: it will always fail/,
  );
});
