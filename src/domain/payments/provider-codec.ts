/**
 * JSON forms of provider requests and answers, as the operation log stores them: a pending
 * operation is replayed from its stored request, a finished one answers from its stored result.
 */
import type { PaymentJsonObject } from '../../store/tables/payments.ts';
import { readJson } from './json-reader.ts';
import {
  PaymentProviderError,
  isPaymentIntentStatus,
  type CreatePaymentIntentInput,
  type CreatePayoutInput,
  type ProviderErrorKind,
  type ProviderPaymentIntent,
  type ProviderPayout,
  type ProviderRefund,
} from './provider.ts';

export const encodePaymentIntent = (pi: ProviderPaymentIntent): PaymentJsonObject => ({
  id: pi.id,
  clientSecret: pi.clientSecret,
  status: pi.status,
  amount: pi.amount,
  currency: pi.currency,
  captureMethod: pi.captureMethod,
  amountCapturable: pi.amountCapturable,
  amountReceived: pi.amountReceived,
  paymentMethodId: pi.paymentMethodId,
  customerId: pi.customerId,
  destinationAccountId: pi.destinationAccountId,
  applicationFeeAmount: pi.applicationFeeAmount,
  lastError: pi.lastError && { code: pi.lastError.code, declineCode: pi.lastError.declineCode, message: pi.lastError.message },
});

export function decodePaymentIntent(json: PaymentJsonObject): ProviderPaymentIntent {
  const r = readJson(json);
  const status = r.str('status');
  const captureMethod = r.str('captureMethod');
  const lastError = r.obj('lastError');
  const e = lastError && readJson(lastError);
  return {
    id: r.str('id'),
    clientSecret: r.str('clientSecret'),
    status: isPaymentIntentStatus(status) ? status : 'requires_payment_method',
    amount: r.num('amount'),
    currency: r.str('currency'),
    captureMethod: captureMethod === 'automatic' ? 'automatic' : 'manual',
    amountCapturable: r.num('amountCapturable'),
    amountReceived: r.num('amountReceived'),
    paymentMethodId: r.strOrNull('paymentMethodId'),
    customerId: r.strOrNull('customerId'),
    destinationAccountId: r.strOrNull('destinationAccountId'),
    applicationFeeAmount: r.numOrNull('applicationFeeAmount'),
    lastError: e && { code: e.str('code'), declineCode: e.strOrNull('declineCode'), message: e.str('message') },
  };
}

export const encodeRefund = (r: ProviderRefund): PaymentJsonObject => ({ id: r.id, amount: r.amount, status: r.status });
export function decodeRefund(json: PaymentJsonObject): ProviderRefund {
  const r = readJson(json);
  return { id: r.str('id'), amount: r.num('amount'), status: r.str('status') };
}

export const encodePayout = (p: ProviderPayout): PaymentJsonObject => ({ id: p.id, amount: p.amount, currency: p.currency, status: p.status, arrivalDate: p.arrivalDate });
export function decodePayout(json: PaymentJsonObject): ProviderPayout {
  const r = readJson(json);
  return { id: r.str('id'), amount: r.num('amount'), currency: r.str('currency'), status: r.str('status'), arrivalDate: r.numOrNull('arrivalDate') };
}

export const encodeCreatePaymentIntent = (i: CreatePaymentIntentInput): PaymentJsonObject => ({
  amount: i.amount,
  currency: i.currency,
  applicationFeeAmount: i.applicationFeeAmount,
  destinationAccountId: i.destinationAccountId,
  captureMethod: i.captureMethod,
  paymentMethodTypes: i.paymentMethodTypes,
  customerId: i.customerId,
  paymentMethodId: i.paymentMethodId,
  confirmOffSession: i.confirmOffSession,
  setupFutureUsage: i.setupFutureUsage,
  metadata: i.metadata,
});

export function decodeCreatePaymentIntent(json: PaymentJsonObject): CreatePaymentIntentInput {
  const r = readJson(json);
  return {
    amount: r.num('amount'),
    currency: r.str('currency'),
    applicationFeeAmount: r.num('applicationFeeAmount'),
    destinationAccountId: r.str('destinationAccountId'),
    captureMethod: r.str('captureMethod') === 'automatic' ? 'automatic' : 'manual',
    paymentMethodTypes: r.strs('paymentMethodTypes'),
    customerId: r.strOrNull('customerId'),
    paymentMethodId: r.strOrNull('paymentMethodId'),
    confirmOffSession: r.bool('confirmOffSession'),
    setupFutureUsage: r.strOrNull('setupFutureUsage') === 'off_session' ? 'off_session' : null,
    metadata: r.strMap('metadata'),
  };
}

export const encodeCreatePayout = (i: CreatePayoutInput): PaymentJsonObject => ({ accountId: i.accountId, amount: i.amount, currency: i.currency, metadata: i.metadata });
export function decodeCreatePayout(json: PaymentJsonObject): CreatePayoutInput {
  const r = readJson(json);
  return { accountId: r.str('accountId'), amount: r.num('amount'), currency: r.str('currency'), metadata: r.strMap('metadata') };
}

export const encodeProviderError = (e: PaymentProviderError): PaymentJsonObject => ({
  kind: e.kind,
  code: e.code,
  declineCode: e.declineCode,
  message: e.message,
  paymentIntentId: e.paymentIntentId,
});

const ERROR_KINDS: readonly ProviderErrorKind[] = ['card', 'invalid-request', 'not-found', 'authentication', 'idempotency', 'unavailable'];

export function decodeProviderError(json: PaymentJsonObject): PaymentProviderError {
  const r = readJson(json);
  const kindName = r.str('kind');
  const kind = ERROR_KINDS.find((k) => k === kindName) ?? 'invalid-request';
  return new PaymentProviderError(kind, r.str('message'), { code: r.strOrNull('code'), declineCode: r.strOrNull('declineCode'), paymentIntentId: r.strOrNull('paymentIntentId') });
}
