/**
 * Every error code Bazaar emits on the Marketplace and Integration APIs, with its HTTP status and
 * default title (catalogue 1.10). docs/errors.md mirrors this table; error-codes.test.ts keeps the
 * two in sync and fails when code under src/ throws a code missing here.
 */

/** Catalogue entry for one error code. */
export interface ErrorCodeInfo {
  status: 400 | 401 | 402 | 403 | 404 | 409 | 413 | 429 | 500;
  title: string;
}

/** The error code catalogue. */
export const ERROR_CODES = {
  // 400
  'bad-request': { status: 400, title: 'Bad request.' },
  'unsupported-content-type': { status: 400, title: 'Unsupported content type.' },
  'validation-disallowed-key': { status: 400, title: 'A parameter is not allowed here.' },
  'validation-invalid-value': { status: 400, title: 'A parameter has an invalid value.' },
  'validation-invalid-params': { status: 400, title: 'The parameters are invalid together.' },
  'validation-missing-key': { status: 400, title: 'A required parameter is missing.' },
  // 401: only token problems (drives the SDK's refresh / anonymous-token retry)
  'auth-invalid-access-token': { status: 401, title: 'The access token is invalid or expired.' },
  'auth-missing-access-token': { status: 401, title: 'An access token is required.' },
  // 402
  'transaction-payment-failed': { status: 402, title: 'The payment failed.' },
  // 403
  forbidden: { status: 403, title: 'Forbidden.' },
  'auth-insufficient-scope': {
    status: 403,
    title: 'The access token does not grant this operation.',
  },
  'permission-denied-post-listings': { status: 403, title: 'The user may not post listings.' },
  'permission-denied-pending-approval': { status: 403, title: 'The user is pending approval.' },
  'permission-denied-initiate-transactions': {
    status: 403,
    title: 'The user may not initiate transactions.',
  },
  'permission-denied-read': { status: 403, title: 'The user may not read marketplace data.' },
  'user-pending-approval': { status: 403, title: 'The user is pending approval.' },
  'file-upload-disabled': { status: 403, title: 'File uploads are disabled.' },
  // 404
  'not-found': { status: 404, title: 'Not found.' },
  // 409
  conflict: { status: 409, title: 'Conflict.' },
  'email-taken': { status: 409, title: 'The email address is already in use.' },
  'email-already-verified': { status: 409, title: 'The email address is already verified.' },
  'email-unverified': { status: 409, title: 'The email address is not verified.' },
  'email-not-found': { status: 409, title: 'No user has this email address.' },
  'email-too-many-verification-requests': {
    status: 409,
    title: 'Too many verification emails requested.',
  },
  // Bazaar's own: an emailed account token that cannot be used (unknown, expired, used, not this user's)
  'email-verification-token-invalid': { status: 409, title: 'The email verification token is invalid or expired.' },
  'password-reset-token-invalid': { status: 409, title: 'The password reset token is invalid or expired.' },
  'image-invalid': { status: 409, title: 'The image is invalid.' },
  'image-invalid-content': { status: 409, title: 'The image content could not be read.' },
  'listing-not-found': { status: 409, title: 'The listing was not found.' },
  'listing-invalid-state': {
    status: 409,
    title: 'The listing is not in a state that allows this.',
  },
  'old-total-mismatch': { status: 409, title: 'The old total does not match the current total.' },
  // Bazaar's own: a listing's availability exceptions cannot overlap (domain §4.2)
  'availability-exception-overlap': { status: 409, title: 'The listing already has an availability exception overlapping this range.' },
  'stripe-account-not-found': { status: 409, title: 'The Stripe account was not found.' },
  'stripe-missing-api-key': { status: 409, title: 'The marketplace has no Stripe API key.' },
  'stripe-invalid-payment-intent-status': {
    status: 409,
    title: 'The payment intent is in an invalid status.',
  },
  'stripe-customer-not-found': { status: 409, title: 'The Stripe customer was not found.' },
  'stripe-multiple-payment-methods-not-supported': {
    status: 409,
    title: 'Only one payment method is supported.',
  },
  'stripe-payment-method-type-not-supported': {
    status: 409,
    title: 'The payment method type is not supported.',
  },
  'user-missing-stripe-account': { status: 409, title: 'The user has no Stripe account.' },
  // 409, Bazaar's own (payments)
  'payment-provider-unavailable': { status: 409, title: 'The payment provider did not answer; retry the request.' },
  'payment-provider-error': { status: 409, title: 'The payment provider refused the request.' },
  'transaction-payment-not-found': { status: 409, title: 'The transaction has no payment intent.' },
  'transaction-payout-exceeds-payin': { status: 409, title: 'The payout total exceeds the payin total.' },
  'transaction-already-paid-out': { status: 409, title: 'The provider has already been paid out.' },
  'user-is-banned': { status: 409, title: 'The user is banned.' },
  'user-not-found': { status: 409, title: 'The user was not found.' },
  'transaction-locked': { status: 409, title: 'The transaction is locked by another operation.' },
  'transaction-not-found': { status: 409, title: 'The transaction was not found.' },
  'transaction-listing-not-found': { status: 409, title: 'The transaction listing was not found.' },
  'transaction-invalid-transition': {
    status: 409,
    title: 'The transition is not allowed in the current state.',
  },
  'transaction-invalid-action-sequence': {
    status: 409,
    title: 'The transition actions are in an invalid sequence.',
  },
  'transaction-already-reviewed-by-customer': {
    status: 409,
    title: 'The customer has already reviewed.',
  },
  'transaction-already-reviewed-by-provider': {
    status: 409,
    title: 'The provider has already reviewed.',
  },
  'transaction-booking-time-not-available': {
    status: 409,
    title: 'The booking time is not available.',
  },
  'transaction-listing-insufficient-stock': {
    status: 409,
    title: 'The listing does not have enough stock.',
  },
  'transaction-booking-state-not-pending': { status: 409, title: 'The booking is not pending.' },
  'transaction-booking-state-not-accepted': { status: 409, title: 'The booking is not accepted.' },
  // Bazaar's own: stock reservation state changes out of order, and adjustments below zero (domain §5)
  'transaction-stock-reservation-state-not-pending': { status: 409, title: 'The stock reservation is not pending or proposed.' },
  'transaction-stock-reservation-state-not-accepted': { status: 409, title: 'The stock reservation is not accepted.' },
  'stock-total-negative': { status: 409, title: "The adjustment would make the listing's stock negative." },
  'transaction-missing-listing-price': { status: 409, title: 'The listing has no price.' },
  'transaction-missing-stripe-account': {
    status: 409,
    title: 'The provider has no Stripe account.',
  },
  'transaction-same-author-and-customer': {
    status: 409,
    title: 'The customer is the listing author.',
  },
  'transaction-stripe-account-disabled-charges': {
    status: 409,
    title: 'The Stripe account cannot accept charges.',
  },
  'transaction-stripe-account-disabled-payouts': {
    status: 409,
    title: 'The Stripe account cannot receive payouts.',
  },
  'transaction-charge-zero-payin': { status: 409, title: 'The payin total is zero.' },
  'transaction-charge-zero-payout': { status: 409, title: 'The payout total is zero.' },
  'transaction-zero-payin': { status: 409, title: 'The payin total is zero.' },
  'transaction-unknown-alias': { status: 409, title: 'Unknown process alias.' },
  'transaction-provider-banned-or-deleted': {
    status: 409,
    title: 'The provider is banned or deleted.',
  },
  'transaction-customer-banned-or-deleted': {
    status: 409,
    title: 'The customer is banned or deleted.',
  },
  // Bazaar's own: the testing action `:action/fail`, and payment actions without a payment phase
  'transaction-action-failed': { status: 409, title: 'An action of the transition failed.' },
  'transaction-payment-actions-unavailable': { status: 409, title: 'This server runs no payment actions for transitions.' },
  // 409, Bazaar's own (Admin API)
  'idp-not-found': { status: 400, title: 'No identity provider with this id is configured for the marketplace.' },
  'idp-token-invalid': { status: 403, title: 'The identity provider token is invalid.' },
  'idp-user-not-found': { status: 403, title: 'No user is linked to this identity provider account.' },
  'idp-email-unverified': { status: 403, title: 'The identity provider did not verify the email address.' },
  'idp-identity-taken': { status: 409, title: 'The identity provider account is linked to another user.' },
  'idp-already-exists': { status: 409, title: 'An identity provider with this id already exists.' },
  'marketplace-slug-taken': { status: 409, title: 'The marketplace slug is already in use.' },
  'process-invalid': { status: 400, title: 'The transaction process is invalid.' },
  'process-alias-taken': { status: 409, title: 'The process alias already exists.' },
  // 413
  'request-upload-over-limit': { status: 413, title: 'The request body is over the size limit.' },
  'request-larger-than-content-length': {
    status: 413,
    title: 'The request body is larger than its Content-Length.',
  },
  // 429
  'too-many-requests': { status: 429, title: 'Too many requests.' },
  // 500
  'internal-server-error': { status: 500, title: 'Internal server error.' },
} satisfies Record<string, ErrorCodeInfo>;

/** A code in the catalogue. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** True when `code` is in the catalogue. */
export const isErrorCode = (code: string): code is ErrorCode => Object.hasOwn(ERROR_CODES, code);
