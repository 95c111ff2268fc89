/**
 * A local HTTP stand-in of the Stripe API endpoints Bazaar's Stripe adapter calls (no outside
 * network is reachable in tests). It speaks Stripe's wire format — form-encoded bodies with bracket
 * keys, `Authorization: Bearer sk_…`, `Idempotency-Key`, `Stripe-Account`, JSON objects and
 * `{error: {type, code, decline_code, message}}` errors with Stripe's statuses — and keeps its own
 * state in memory, written independently of the code under test.
 *
 * Faults can be injected per path: `500` (nothing applied), `hang` (nothing applied, no answer),
 * `hang-after-apply` (the request is applied and its idempotent answer stored, but no answer comes
 * back — the worst case for a client: it must retry with the same key and not pay twice) and
 * `delay-after-apply` (applied at once, answered late: for races between concurrent requests).
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export type Fault = '500' | 'hang' | 'hang-after-apply' | 'delay-after-apply';

interface Answer {
  status: number;
  body: Obj;
}

class StripeFailure extends Error {
  constructor(
    readonly status: number,
    readonly error: Obj,
  ) {
    super(typeof error.message === 'string' ? error.message : 'error');
  }
}

const invalid = (message: string, code: string | null = null, extra: Obj = {}): StripeFailure =>
  new StripeFailure(400, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...extra });
const missing = (kind: string, id: string): StripeFailure => new StripeFailure(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'` });

/** Stripe's test cards this stand-in knows (https://docs.stripe.com/testing). */
const CARDS: Record<string, { brand: string; last4: string; decline?: { code: string; decline_code: string | null; message: string }; auth?: true }> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' } },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', auth: true },
};

/** Parses Stripe's form encoding (`a[b][0]=x`) into nested objects/arrays. */
export function parseStripeForm(body: string): Obj {
  const root: Obj = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split(/\[|\]\[|\]/).filter((p) => p !== '');
    let node: Json = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1] ?? '');
      if (Array.isArray(node)) {
        const idx = Number(part);
        if (last) node[idx] = value;
        else node = node[idx] ?? (node[idx] = nextIsIndex ? [] : {});
      } else if (node !== null && typeof node === 'object') {
        if (last) node[part] = value;
        else node = node[part] ?? (node[part] = nextIsIndex ? [] : {});
      }
    });
  }
  return root;
}

const str = (o: Obj, k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
const obj = (o: Obj, k: string): Obj | undefined => {
  const v = o[k];
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
};
const int = (o: Obj, k: string): number | undefined => (typeof o[k] === 'string' ? Number(o[k]) : undefined);

export class StripeStandIn {
  readonly secretKey = `sk_test_standin${randomBytes(8).toString('hex')}`;
  readonly webhookSecret = `whsec_standin${randomBytes(8).toString('hex')}`;
  /** Every request received: method, path, idempotency key. */
  readonly requests: { method: string; path: string; idempotencyKey: string | undefined; stripeAccount: string | undefined }[] = [];
  readonly accounts = new Map<string, Obj>();
  readonly customers = new Map<string, Obj>();
  readonly paymentMethods = new Map<string, Obj>();
  readonly setupIntents = new Map<string, Obj>();
  readonly paymentIntents = new Map<string, Obj>();
  readonly refunds = new Map<string, Obj>();
  readonly payouts = new Map<string, Obj>();
  /** Available balance per connected account (lower-case currency → minor units). */
  readonly balances = new Map<string, Map<string, number>>();
  /** When true, captured funds are pending (payouts fail with `balance_insufficient` until released). */
  pendingFunds = false;
  private readonly pending = new Map<string, Map<string, number>>();
  private readonly idempotent = new Map<string, { fingerprint: string; answer: Answer }>();
  private readonly faults: { path: RegExp; fault: Fault; times: number; idempotencyKey: RegExp | undefined; delayMs: number }[] = [];
  private readonly hanging = new Set<http.ServerResponse>();
  private seq = 0;
  private server: http.Server | undefined;
  port = 0;

  /** Starts listening on 127.0.0.1 (random port). */
  async start(): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = (address as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Where the adapter should connect. */
  get connection(): { host: string; port: number; protocol: 'http' } {
    return { host: '127.0.0.1', port: this.port, protocol: 'http' };
  }

  /**
   * The next `times` requests whose path matches fail with `fault`; with `idempotencyKey`, only
   * requests whose key matches too (to hit one transaction's call among others running).
   */
  inject(path: RegExp, fault: Fault, times = 1, opts: { idempotencyKey?: RegExp; delayMs?: number } = {}): void {
    this.faults.push({ path, fault, times, idempotencyKey: opts.idempotencyKey, delayMs: opts.delayMs ?? 500 });
  }

  /** Requests to a path (method + regex). */
  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  /** Captured payment intents (each is one charge of the buyer). */
  get captures(): Obj[] {
    return [...this.paymentIntents.values()].filter((pi) => pi.status === 'succeeded');
  }

  /** Moves an account's pending funds to available (Stripe does so days after the capture). */
  releaseFunds(accountId: string): void {
    const pending = this.pending.get(accountId);
    if (!pending) return;
    for (const [currency, amount] of pending) this.credit(this.balances, accountId, currency, amount);
    this.pending.delete(accountId);
  }

  /** A `Stripe-Signature` header for `payload`, computed as Stripe documents it. */
  sign(payload: string, secret = this.webhookSecret, timestamp = Math.floor(Date.now() / 1000)): string {
    const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
    return `t=${timestamp},v1=${signature}`;
  }

  /** A webhook event body for an object as it is now. */
  event(type: string, object: Obj, created = Math.floor(Date.now() / 1000)): string {
    return JSON.stringify({ id: this.id('evt'), object: 'event', api_version: '2026-10-28.endive', created, type, livemode: false, pending_webhooks: 1, data: { object } });
  }

  private id(prefix: string): string {
    this.seq += 1;
    return `${prefix}_standin${this.seq}${randomBytes(4).toString('hex')}`;
  }

  private credit(book: Map<string, Map<string, number>>, account: string, currency: string, amount: number): void {
    const balance = book.get(account) ?? new Map<string, number>();
    balance.set(currency, (balance.get(currency) ?? 0) + amount);
    book.set(account, balance);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of req) body += String(chunk);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
    const stripeAccount = typeof req.headers['stripe-account'] === 'string' ? req.headers['stripe-account'] : undefined;
    this.requests.push({ method, path, idempotencyKey: key, stripeAccount });
    const send = (a: Answer) => {
      res.writeHead(a.status, { 'content-type': 'application/json', 'request-id': this.id('req') });
      res.end(JSON.stringify(a.body));
    };
    if (req.headers.authorization !== `Bearer ${this.secretKey}`) {
      return send({ status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } } });
    }
    const faultIdx = this.faults.findIndex((f) => f.times > 0 && f.path.test(path) && (f.idempotencyKey === undefined || (key !== undefined && f.idempotencyKey.test(key))));
    const fault = faultIdx >= 0 ? this.faults[faultIdx] : undefined;
    if (fault) fault.times -= 1;
    if (fault?.fault === '500') return send({ status: 500, body: { error: { type: 'api_error', message: 'An unknown error occurred' } } });
    if (fault?.fault === 'hang') {
      this.hanging.add(res);
      return;
    }
    const params = parseStripeForm(body);
    const fingerprint = `${method} ${path} ${body}`;
    let answer: Answer;
    const cached = key !== undefined && method === 'POST' ? this.idempotent.get(key) : undefined;
    if (cached) {
      answer =
        cached.fingerprint === fingerprint
          ? cached.answer
          : {
              status: 400,
              body: {
                error: {
                  type: 'idempotency_error',
                  message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
                },
              },
            };
    } else {
      try {
        answer = { status: 200, body: this.route(method, path, params, stripeAccount) };
      } catch (err) {
        if (!(err instanceof StripeFailure)) throw err;
        answer = { status: err.status, body: { error: err.error } };
      }
      // Stripe stores results of requests that executed (success and 402s), not validation failures.
      if (key !== undefined && method === 'POST' && (answer.status === 200 || answer.status === 402)) this.idempotent.set(key, { fingerprint, answer });
    }
    if (fault?.fault === 'hang-after-apply') {
      this.hanging.add(res);
      return;
    }
    if (fault?.fault === 'delay-after-apply') {
      // Applied now, answered late: what a slow network looks like to concurrent requests.
      this.hanging.add(res);
      setTimeout(() => {
        this.hanging.delete(res);
        if (!res.destroyed) send(answer);
      }, fault.delayMs);
      return;
    }
    send(answer);
  }

  private route(method: string, path: string, p: Obj, stripeAccount: string | undefined): Obj {
    const m = (re: RegExp) => re.exec(path);
    let r: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/accounts') return this.createAccount(p);
    if ((r = m(/^\/v1\/accounts\/([^/]+)$/))) {
      const id = r[1] ?? '';
      const account = this.accounts.get(id);
      if (!account) throw missing('account', id);
      if (method === 'GET') return account;
      if (method === 'DELETE') {
        this.accounts.delete(id);
        return { id, object: 'account', deleted: true };
      }
      return this.updateAccount(account, p);
    }
    if ((r = m(/^\/v1\/accounts\/([^/]+)\/persons$/))) {
      const id = r[1] ?? '';
      if (!this.accounts.has(id)) throw missing('account', id);
      const token = str(p, 'person_token');
      if (!token?.startsWith('cpt_')) throw invalid(`Invalid token id: ${token ?? ''}`, 'token_invalid');
      return { id: this.id('person'), object: 'person', account: id };
    }
    if (method === 'POST' && path === '/v1/account_links') {
      const account = str(p, 'account') ?? '';
      if (!this.accounts.has(account)) throw missing('account', account);
      const now = Math.floor(Date.now() / 1000);
      return { object: 'account_link', url: `https://connect.stripe.com/setup/c/${account}/${this.id('link')}`, created: now, expires_at: now + 300 };
    }
    if (method === 'POST' && path === '/v1/customers') {
      const id = this.id('cus');
      const pmId = str(p, 'payment_method') ?? null;
      const customer: Obj = { id, object: 'customer', email: str(p, 'email') ?? null, invoice_settings: { default_payment_method: null }, metadata: obj(p, 'metadata') ?? {} };
      this.customers.set(id, customer);
      if (pmId !== null) {
        const pm = this.attach(pmId, id);
        customer.invoice_settings = { default_payment_method: String(pm.id) };
      }
      return customer;
    }
    if ((r = m(/^\/v1\/customers\/([^/]+)$/))) {
      const id = r[1] ?? '';
      const customer = this.customers.get(id);
      if (!customer) throw missing('customer', id);
      const settings = obj(p, 'invoice_settings');
      if (method === 'POST' && settings) customer.invoice_settings = { default_payment_method: str(settings, 'default_payment_method') ?? null };
      return customer;
    }
    if ((r = m(/^\/v1\/payment_methods\/([^/]+)$/)) && method === 'GET') return this.paymentMethod(r[1] ?? '', false);
    if ((r = m(/^\/v1\/payment_methods\/([^/]+)\/attach$/))) return this.attach(r[1] ?? '', str(p, 'customer') ?? '');
    if ((r = m(/^\/v1\/payment_methods\/([^/]+)\/detach$/))) {
      const pm = this.paymentMethods.get(r[1] ?? '');
      if (!pm) throw missing('PaymentMethod', r[1] ?? '');
      if (pm.customer === null) throw invalid('The payment method you provided is not attached to a customer so detachment is impossible.');
      pm.customer = null;
      return pm;
    }
    if (method === 'POST' && path === '/v1/setup_intents') {
      const id = this.id('seti');
      const si: Obj = { id, object: 'setup_intent', client_secret: `${id}_secret_x`, status: 'requires_payment_method', customer: str(p, 'customer') ?? null, usage: 'off_session' };
      this.setupIntents.set(id, si);
      return si;
    }
    if (method === 'POST' && path === '/v1/payment_intents') return this.createIntent(p);
    if ((r = m(/^\/v1\/payment_intents\/([^/]+)(?:\/(confirm|capture|cancel))?$/))) {
      const id = r[1] ?? '';
      const pi = this.paymentIntents.get(id);
      if (!pi) throw missing('payment_intent', id);
      if (method === 'GET') return pi;
      if (r[2] === 'confirm') {
        // Stripe.js `confirmCardPayment(clientSecret, {payment_method})` sends the method along.
        const pmId = str(p, 'payment_method');
        if (pmId !== undefined) {
          if (pi.status !== 'requires_payment_method' && pi.status !== 'requires_confirmation') {
            throw invalid(`You cannot confirm this PaymentIntent because it has a status of ${String(pi.status)}.`, 'payment_intent_unexpected_state');
          }
          pi.payment_method = String(this.paymentMethod(pmId, true).id);
          pi.status = 'requires_confirmation';
        }
        return this.confirm(pi, false);
      }
      if (r[2] === 'capture') return this.capture(pi);
      if (r[2] === 'cancel') {
        if (pi.status === 'succeeded' || pi.status === 'canceled') {
          throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${String(pi.status)}.`, 'payment_intent_unexpected_state');
        }
        pi.status = 'canceled';
        pi.amount_capturable = 0;
        return pi;
      }
    }
    if (method === 'POST' && path === '/v1/refunds') return this.refund(p);
    if (method === 'POST' && path === '/v1/payouts') return this.payout(p, stripeAccount);
    throw new StripeFailure(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  private createAccount(p: Obj): Obj {
    const token = str(p, 'account_token');
    if (!token?.startsWith('ct_')) throw invalid(`Invalid account token: ${token ?? '(none)'}`, 'token_invalid');
    const id = this.id('acct');
    const account: Obj = {
      id,
      object: 'account',
      type: str(p, 'type') ?? 'custom',
      country: str(p, 'country') ?? 'US',
      email: str(p, 'email') ?? null,
      business_profile: { mcc: null, url: null, product_description: null, ...(obj(p, 'business_profile') ?? {}) },
      capabilities: Object.fromEntries(Object.keys(obj(p, 'capabilities') ?? {}).map((c) => [c, 'active'])),
      charges_enabled: true,
      payouts_enabled: false,
      details_submitted: true,
      external_accounts: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/accounts/${id}/external_accounts` },
      requirements: { currently_due: ['external_account'], eventually_due: ['external_account'], past_due: [], disabled_reason: null },
      metadata: obj(p, 'metadata') ?? {},
    };
    this.accounts.set(id, account);
    return this.updateAccount(account, { external_account: p.external_account ?? null });
  }

  private updateAccount(account: Obj, p: Obj): Obj {
    const bank = str(p, 'external_account');
    if (bank !== undefined) {
      if (!bank.startsWith('btok_')) throw invalid(`Invalid external_account token: ${bank}`, 'token_invalid');
      account.external_accounts = { object: 'list', data: [{ id: this.id('ba'), object: 'bank_account', last4: '6789', country: account.country ?? null }], has_more: false, total_count: 1, url: '' };
      account.payouts_enabled = true;
      account.requirements = { currently_due: [], eventually_due: [], past_due: [], disabled_reason: null };
    }
    const profile = obj(p, 'business_profile');
    if (profile) account.business_profile = { ...(obj(account, 'business_profile') ?? {}), ...profile };
    return account;
  }

  private paymentMethod(id: string, create: boolean): Obj {
    const stored = this.paymentMethods.get(id);
    if (stored) return stored;
    const card = CARDS[id];
    if (!card) throw missing('PaymentMethod', id);
    const pm: Obj = { id: create ? this.id('pm') : id, object: 'payment_method', type: 'card', card: { brand: card.brand, last4: card.last4, exp_month: 12, exp_year: 2034 }, customer: null, test_card: id };
    if (create) this.paymentMethods.set(String(pm.id), pm);
    return pm;
  }

  private attach(id: string, customerId: string): Obj {
    if (!this.customers.has(customerId)) throw missing('customer', customerId);
    const pm = this.paymentMethod(id, true);
    if (pm.customer !== null && pm.customer !== customerId) throw invalid('The payment method you provided has already been attached to a customer.');
    pm.customer = customerId;
    return pm;
  }

  private createIntent(p: Obj): Obj {
    const amount = int(p, 'amount') ?? 0;
    const fee = int(p, 'application_fee_amount') ?? 0;
    const destination = str(obj(p, 'transfer_data') ?? {}, 'destination') ?? '';
    if (!this.accounts.has(destination)) throw invalid(`No such destination: '${destination}'`, 'resource_missing');
    if (!(amount > 0) || fee > amount) throw invalid('Invalid amount.', 'parameter_invalid_integer');
    const pmId = str(p, 'payment_method');
    const pm = pmId === undefined ? undefined : this.paymentMethod(pmId, true);
    const id = this.id('pi');
    const pi: Obj = {
      id,
      object: 'payment_intent',
      amount,
      currency: str(p, 'currency') ?? 'usd',
      status: pm ? 'requires_confirmation' : 'requires_payment_method',
      capture_method: str(p, 'capture_method') ?? 'automatic',
      client_secret: `${id}_secret_${randomBytes(6).toString('hex')}`,
      customer: str(p, 'customer') ?? null,
      payment_method: pm ? String(pm.id) : null,
      application_fee_amount: fee,
      transfer_data: { destination },
      amount_capturable: 0,
      amount_received: 0,
      last_payment_error: null,
      metadata: obj(p, 'metadata') ?? {},
    };
    this.paymentIntents.set(id, pi);
    if (str(p, 'confirm') === 'true') return this.confirm(pi, str(p, 'off_session') === 'true');
    return pi;
  }

  private confirm(pi: Obj, offSession: boolean): Obj {
    if (pi.status !== 'requires_confirmation' && pi.status !== 'requires_payment_method') {
      throw invalid(`You cannot confirm this PaymentIntent because it has a status of ${String(pi.status)}.`, 'payment_intent_unexpected_state');
    }
    const pm = typeof pi.payment_method === 'string' ? this.paymentMethods.get(pi.payment_method) : undefined;
    if (!pm) throw invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", 'payment_intent_unexpected_state');
    const card = CARDS[String(pm.test_card)];
    const decline = card?.decline ?? (card?.auth && offSession ? { code: 'authentication_required', decline_code: 'authentication_required', message: 'Your card was declined. This transaction requires authentication.' } : undefined);
    if (decline) {
      pi.status = 'requires_payment_method';
      pi.last_payment_error = { type: 'card_error', ...decline };
      throw new StripeFailure(402, { type: 'card_error', ...decline, payment_intent: pi });
    }
    if (card?.auth) {
      pi.status = 'requires_action';
      pi.next_action = { type: 'use_stripe_sdk' };
      return pi;
    }
    if (pi.capture_method === 'manual') {
      pi.status = 'requires_capture';
      pi.amount_capturable = pi.amount ?? 0;
      return pi;
    }
    return this.capture({ ...pi, status: 'requires_capture' }, pi);
  }

  private capture(pi: Obj, target = pi): Obj {
    if (pi.status !== 'requires_capture') {
      throw invalid(`This PaymentIntent could not be captured because it has a status of ${String(pi.status)}.`, 'payment_intent_unexpected_state');
    }
    const amount = Number(pi.amount);
    const fee = Number(pi.application_fee_amount ?? 0);
    const destination = String(obj(pi, 'transfer_data')?.destination);
    this.credit(this.pendingFunds ? this.pending : this.balances, destination, String(pi.currency), amount - fee);
    Object.assign(target, { status: 'succeeded', amount_capturable: 0, amount_received: amount, latest_charge: this.id('ch') });
    return target;
  }

  private refund(p: Obj): Obj {
    const id = str(p, 'payment_intent') ?? '';
    const pi = this.paymentIntents.get(id);
    if (!pi) throw missing('payment_intent', id);
    if (pi.status !== 'succeeded') throw invalid('This PaymentIntent does not have a successful charge to refund.', 'charge_not_refundable');
    if (pi.refunded === true) throw invalid('Charge has already been refunded.', 'charge_already_refunded');
    if (str(p, 'reverse_transfer') === 'true') {
      this.credit(this.balances, String(obj(pi, 'transfer_data')?.destination), String(pi.currency), -(Number(pi.amount) - Number(pi.application_fee_amount ?? 0)));
    }
    pi.refunded = true;
    const refund: Obj = { id: this.id('re'), object: 'refund', amount: pi.amount ?? 0, payment_intent: id, status: 'succeeded', reverse_transfer: str(p, 'reverse_transfer') === 'true', refund_application_fee: str(p, 'refund_application_fee') === 'true' };
    this.refunds.set(String(refund.id), refund);
    return refund;
  }

  private payout(p: Obj, account: string | undefined): Obj {
    if (account === undefined || !this.accounts.has(account)) throw invalid('Payouts need a Stripe-Account header naming a connected account.');
    const amount = int(p, 'amount') ?? 0;
    const currency = str(p, 'currency') ?? 'usd';
    const available = this.balances.get(account)?.get(currency) ?? 0;
    if (available < amount) {
      throw invalid('You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.', 'balance_insufficient');
    }
    this.credit(this.balances, account, currency, -amount);
    const payout: Obj = { id: this.id('po'), object: 'payout', amount, currency, status: 'pending', arrival_date: Math.floor(Date.now() / 1000) + 86400, account, metadata: obj(p, 'metadata') ?? {} };
    this.payouts.set(String(payout.id), payout);
    return payout;
  }
}

/** Starts a stand-in; stop it when the test file ends. */
export async function startStripeStandIn(): Promise<StripeStandIn> {
  return new StripeStandIn().start();
}
