/**
 * Stripe's documented test payment methods (https://docs.stripe.com/testing), which front ends
 * already use in test mode: the built-in test provider answers them the way Stripe does. Any other
 * `pm_…` id that the test provider did not create itself is unknown (404-like), as at Stripe.
 */
import type { TestCardBehaviour } from '../../../store/tables/payments.ts';

export interface TestCard {
  brand: string;
  last4: string;
  funding: 'credit' | 'debit';
  behaviour: TestCardBehaviour;
}

const succeed: TestCardBehaviour = { kind: 'succeed' };
const decline = (code: string, declineCode: string | null, message: string): TestCardBehaviour => ({ kind: 'decline', code, decline_code: declineCode, message });

/** Stripe's messages for the declines (what `meta.stripeMessage` carries to the buyer). */
export const DECLINE_MESSAGES = {
  generic: 'Your card was declined.',
  insufficientFunds: 'Your card has insufficient funds.',
  lostCard: 'Your card was declined.',
  expiredCard: 'Your card has expired.',
  incorrectCvc: "Your card's security code is incorrect.",
  processingError: 'An error occurred while processing your card. Try again in a little bit.',
  authenticationRequired: 'Your card was declined. This transaction requires authentication.',
} as const;

export const TEST_CARDS: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: 'visa', last4: '4242', funding: 'credit', behaviour: succeed },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', funding: 'debit', behaviour: succeed },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', funding: 'credit', behaviour: succeed },
  pm_card_mastercard_debit: { brand: 'mastercard', last4: '8210', funding: 'debit', behaviour: succeed },
  pm_card_amex: { brand: 'amex', last4: '8431', funding: 'credit', behaviour: succeed },
  pm_card_discover: { brand: 'discover', last4: '1117', funding: 'credit', behaviour: succeed },
  pm_card_jcb: { brand: 'jcb', last4: '0505', funding: 'credit', behaviour: succeed },
  pm_card_chargeDeclined: { brand: 'visa', last4: '0002', funding: 'credit', behaviour: decline('card_declined', 'generic_decline', DECLINE_MESSAGES.generic) },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    funding: 'credit',
    behaviour: decline('card_declined', 'insufficient_funds', DECLINE_MESSAGES.insufficientFunds),
  },
  pm_card_chargeDeclinedLostCard: { brand: 'visa', last4: '9987', funding: 'credit', behaviour: decline('card_declined', 'lost_card', DECLINE_MESSAGES.lostCard) },
  pm_card_chargeDeclinedExpiredCard: { brand: 'visa', last4: '0069', funding: 'credit', behaviour: decline('expired_card', null, DECLINE_MESSAGES.expiredCard) },
  pm_card_chargeDeclinedIncorrectCvc: { brand: 'visa', last4: '0127', funding: 'credit', behaviour: decline('incorrect_cvc', null, DECLINE_MESSAGES.incorrectCvc) },
  pm_card_chargeDeclinedProcessingError: { brand: 'visa', last4: '0119', funding: 'credit', behaviour: decline('processing_error', null, DECLINE_MESSAGES.processingError) },
  // 3D Secure required on every payment: the buyer must complete an extra step (Stripe.js).
  pm_card_authenticationRequired: { brand: 'visa', last4: '3184', funding: 'credit', behaviour: { kind: 'authenticate' } },
  pm_card_threeDSecure2Required: { brand: 'visa', last4: '3220', funding: 'credit', behaviour: { kind: 'authenticate' } },
};

/** The test card a magic payment method id names, if any. */
export const testCardOf = (paymentMethodId: string): TestCard | undefined => (Object.hasOwn(TEST_CARDS, paymentMethodId) ? TEST_CARDS[paymentMethodId] : undefined);

/** Stripe's off-session answer for a card that needs the buyer present. */
export const AUTHENTICATION_REQUIRED: TestCardBehaviour = decline('authentication_required', 'authentication_required', DECLINE_MESSAGES.authenticationRequired);
