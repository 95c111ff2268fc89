import type { Generated } from 'kysely';
import type { Json, Timestamp } from './marketplaces.ts';

/** A JSON value as stored in the payment tables' jsonb columns. */
export type PaymentJson = null | boolean | number | string | PaymentJson[] | { [key: string]: PaymentJson };
export type PaymentJsonObject = { [key: string]: PaymentJson };

export type PaymentProviderName = 'none' | 'test' | 'stripe';
export type ConnectedProviderName = Exclude<PaymentProviderName, 'none'>;

export interface PaymentSettingsTable {
  marketplace_id: string;
  provider: PaymentProviderName;
  /** Sealed (see domain/payments/sealed-secret.ts); never logged, never shown. */
  stripe_secret_key: string | null;
  stripe_webhook_secret: string | null;
  updated_at: Timestamp;
}

export interface PaymentAccountsTable {
  id: string;
  marketplace_id: string;
  user_id: string;
  provider: ConnectedProviderName;
  account_id: string;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  /** The provider's last account object (Stripe's Account JSON): `stripeAccountData`. */
  data: Json<PaymentJsonObject>;
  synced_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A saved card as the customer row keeps it (`stripePaymentMethod` resource). */
export interface StoredPaymentMethod {
  /** The resource id on the wire. */
  id: string;
  paymentMethodId: string;
  type: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface PaymentCustomersTable {
  id: string;
  marketplace_id: string;
  user_id: string;
  provider: ConnectedProviderName;
  customer_id: string;
  default_payment_method: Json<StoredPaymentMethod> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TransactionPaymentsTable {
  id: string;
  marketplace_id: string;
  transaction_id: string;
  provider: ConnectedProviderName;
  intent_id: string;
  client_secret: string;
  status: string;
  capture_method: 'manual' | 'automatic';
  amount: number;
  currency: string;
  payout_amount: number;
  destination_account_id: string;
  customer_id: string | null;
  payment_method_id: string | null;
  amount_captured: Generated<number>;
  amount_refunded: Generated<number>;
  payout_id: string | null;
  payout_status: string | null;
  synced_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PaymentOperationState = 'pending' | 'succeeded' | 'failed';

export interface PaymentOperationsTable {
  id: string;
  marketplace_id: string;
  /** The transaction (or user) the operation is for. */
  subject_id: string;
  action: string;
  attempt: number;
  idempotency_key: string;
  provider: ConnectedProviderName;
  state: PaymentOperationState;
  request: Json<PaymentJsonObject>;
  result: Json<PaymentJsonObject> | null;
  error: Json<PaymentJsonObject> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface PaymentWebhookEventsTable {
  marketplace_id: string;
  event_id: string;
  type: string;
  received_at: Generated<Date>;
}

/** Stripe's `requirements` hash of an account. */
export type TestRequirements = {
  currently_due: string[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
  disabled_reason: string | null;
  current_deadline: number | null;
};

export type TestBankAccount = {
  id: string;
  object: 'bank_account';
  account: string;
  bank_name: string;
  country: string;
  currency: string;
  last4: string;
  routing_number: string | null;
  status: 'new' | 'verified';
  default_for_currency: boolean;
};

export type TestAccount = {
  id: string;
  object: 'account';
  type: 'custom';
  country: string;
  email: string | null;
  business_type: string | null;
  business_profile: { mcc: string | null; url: string | null; product_description: string | null };
  capabilities: { [name: string]: 'active' | 'inactive' | 'pending' };
  charges_enabled: boolean;
  payouts_enabled: boolean;
  details_submitted: boolean;
  default_currency: string;
  external_accounts: { object: 'list'; data: TestBankAccount[]; has_more: boolean; total_count: number; url: string };
  requirements: TestRequirements;
  future_requirements: TestRequirements;
  tos_acceptance: { date: number | null };
  settings: { payouts: { schedule: { interval: string } } };
  metadata: { [key: string]: string };
  created: number;
};

export type TestPerson = { id: string; object: 'person'; account: string; created: number };

export type TestCustomer = {
  id: string;
  object: 'customer';
  email: string | null;
  invoice_settings: { default_payment_method: string | null };
  metadata: { [key: string]: string };
  created: number;
};

/** Which of Stripe's documented test cards a payment method behaves like. */
export type TestCardBehaviour =
  | { kind: 'succeed' }
  | { kind: 'decline'; code: string; decline_code: string | null; message: string }
  | { kind: 'authenticate' };

export type TestPaymentMethod = {
  id: string;
  object: 'payment_method';
  type: string;
  card: { brand: string; last4: string; exp_month: number; exp_year: number; country: string; funding: string } | null;
  customer: string | null;
  created: number;
  /** Not Stripe's: how the card answers confirmations. */
  test_behaviour: TestCardBehaviour;
};

export type TestLastPaymentError = {
  type: string;
  code: string;
  decline_code: string | null;
  message: string;
  payment_method: string | null;
};

export type TestSetupIntent = {
  id: string;
  object: 'setup_intent';
  client_secret: string;
  status: string;
  customer: string | null;
  payment_method: string | null;
  usage: string;
  next_action: { type: string } | null;
  last_setup_error: TestLastPaymentError | null;
  metadata: { [key: string]: string };
  created: number;
};

export type TestPaymentIntent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  currency: string;
  status: string;
  capture_method: 'manual' | 'automatic';
  client_secret: string;
  customer: string | null;
  payment_method: string | null;
  payment_method_types: string[];
  application_fee_amount: number | null;
  transfer_data: { destination: string } | null;
  amount_capturable: number;
  amount_received: number;
  amount_refunded: number;
  latest_charge: string | null;
  last_payment_error: TestLastPaymentError | null;
  next_action: { type: string } | null;
  setup_future_usage: string | null;
  cancellation_reason: string | null;
  canceled_at: number | null;
  metadata: { [key: string]: string };
  created: number;
};

export type TestRefund = { id: string; object: 'refund'; amount: number; currency: string; payment_intent: string; status: string; created: number };

export type TestPayout = {
  id: string;
  object: 'payout';
  amount: number;
  currency: string;
  status: string;
  destination: string | null;
  arrival_date: number;
  /** Not Stripe's field (Stripe answers on the connected account): whose balance paid it. */
  account: string;
  metadata: { [key: string]: string };
  created: number;
};

/** A connected account's (or the platform's) balance, per currency, in minor units. */
export type TestBalance = { id: string; object: 'balance'; available: { amount: number; currency: string }[] };

export type TestToken = {
  id: string;
  object: 'token';
  type: 'account' | 'bank_account' | 'person';
  used: boolean;
  bank_account: { country: string; currency: string; last4: string; bank_name: string; routing_number: string | null } | null;
  account: { business_type: string | null; tos_shown_and_accepted: boolean } | null;
  created: number;
};

/** Every object the built-in test provider keeps (Stripe-shaped, so front ends see familiar JSON). */
export type TestProviderObject =
  | TestAccount
  | TestPerson
  | TestCustomer
  | TestPaymentMethod
  | TestSetupIntent
  | TestPaymentIntent
  | TestRefund
  | TestPayout
  | TestBalance
  | TestToken;

export interface TestProviderObjectsTable {
  marketplace_id: string;
  id: string;
  object: TestProviderObject['object'];
  data: Json<TestProviderObject>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TestProviderRequestsTable {
  marketplace_id: string;
  idempotency_key: string;
  fingerprint: string;
  /** What the first request answered (its result, or the provider error it raised), or `pending` while it runs. */
  response: Json<{ ok: PaymentJson } | { error: PaymentJsonObject } | { pending: true }>;
  created_at: Timestamp;
}

export interface PaymentTables {
  payment_settings: PaymentSettingsTable;
  payment_accounts: PaymentAccountsTable;
  payment_customers: PaymentCustomersTable;
  transaction_payments: TransactionPaymentsTable;
  payment_operations: PaymentOperationsTable;
  payment_webhook_events: PaymentWebhookEventsTable;
  test_provider_objects: TestProviderObjectsTable;
  test_provider_requests: TestProviderRequestsTable;
}
