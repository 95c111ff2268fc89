// The process engine (domain §1–§3, §8.4, §10): the only code orchestrating across domain modules.
//
// HTTP routes call:
// - initiateTransaction / transitionTransaction (speculative or not) with a TransitionCaller;
// - updateTransactionMetadata (Integration API), queryProcessTransitions;
// - transactionAttributes(tx, viewer) to present a transaction (line items by `includeFor`).
// The worker gets processJobHandlers (kinds 'transition' and 'notification').
export type { OperatorCaller, SystemCaller, TransitionCaller, UserCaller } from './runner/caller.ts';
export {
  initiateTransaction,
  transitionTransaction,
  runTransitionIn,
  type InitiateRequest,
  type PaymentPhase,
  type PaymentPhaseInput,
  type RunnerDeps,
  type TransitionOutcome,
  type TransitionRequest,
} from './runner/run-transition.ts';
export { paymentPhaseOf } from './runner/payment-phase.ts';
export { updateTransactionMetadata } from './runner/update-metadata.ts';
export { queryProcessTransitions, type ProcessTransition } from './runner/process-transitions.ts';
export { transactionAttributes, visibleLineItems, type TransactionViewer } from './runner/transaction-view.ts';
export { transactionEventResource, transactionLinks, type TransactionLinks } from './runner/transaction-event.ts';
export { processJobHandlers, transitionJobHandler, notificationJobHandler } from './runner/job-handlers.ts';
export { deliverNotification, type DeliveryResult, type NotificationDeps } from './runner/deliver-notification.ts';
export { NOTIFICATION_JOB, TRANSITION_JOB, timerPrefix } from './runner/timers.ts';
export type { PaymentActionOutcome } from './actions/index.ts';
