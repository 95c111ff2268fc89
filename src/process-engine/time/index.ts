// Time expressions of transaction processes (domain.md §1.7): parsed once when a process is loaded,
// evaluated whenever the engine needs a moment.
//
// Later callers:
// - the process loader (../definition) parses every `:at` with parseTimeExpression and checks the
//   names returned by timeExpressionReferences against the process;
// - the transition runner, after each successful transition into state S, evaluates the `:at` of
//   every delayed transition leaving S (and of every notification on the transition just run) with
//   evaluateTimeExpression(expr, {now, booking, transitions: history including this entry}):
//   null ⇒ don't schedule; ≤ now ⇒ run/send now; otherwise enqueue a job for that instant;
// - the timer worker re-checks the state entry when a job fires (no re-evaluation needed).
export type {
  Period,
  Timepoint,
  TimeExpression,
  TimeExpressionProblem,
  TimeExpressionReferences,
} from './time-expression.ts';
export { TIMEPOINT_KINDS, timeExpressionReferences } from './time-expression.ts';
export { parsePeriod, isPeriod } from './period.ts';
export {
  parseTimeExpression,
  parseTimeExpressionText,
  type ParseTimeExpressionOptions,
  type ParseTimeExpressionResult,
} from './parse-time-expression.ts';
export {
  evaluateTimeExpression,
  type BookingTimes,
  type TimeContext,
  type TransitionRecord,
} from './evaluate-time-expression.ts';
export { formatTimeExpression } from './format-time-expression.ts';
