// Transaction process definitions (domain.md §1–§2): process.edn text → a validated, typed
// ProcessDefinition. Pure: no I/O; the caller reads process.edn and lists templates/.
//
// What later parts call:
// - process push / admin API / CLI `process validate`: checkProcess(text, {templates}) for the full
//   list of problems and warnings; parseProcess(text, {templates}) when a throw is wanted
//   (ProcessValidationError carries `problems: {path, message}[]`).
// - transition runner: findTransition, isInitialTransition, transitionActor (history `by`),
//   initializerFor (regular vs reverse flow), actionSpec(name) for each ActionDef (params to check,
//   privileged, family → action registry), notificationsOn after a transition completes.
// - timers: delayedTransitionsFrom(process, enteredState) then evaluate each `at` with
//   ../time evaluateTimeExpression; notification `at` likewise.
export type {
  ActionConfig,
  ActionDef,
  ActorRole,
  ActorTransitionDef,
  DelayedTransitionDef,
  NotificationDef,
  ProcessDefinition,
  ProcessFormat,
  ProcessProblem,
  RecipientRole,
  TransitionActor,
  TransitionDef,
} from './process-definition.ts';
export { INITIAL_STATE, ProcessValidationError } from './process-definition.ts';
export {
  checkProcess,
  checkProcessEdn,
  parseProcess,
  type LoadProcessOptions,
  type ProcessCheck,
} from './parse-process.ts';
export {
  ACTION_CATALOGUE,
  actionSpec,
  initializerFor,
  type ActionFamily,
  type ActionParam,
  type ActionSpec,
  type ConfigField,
} from './action-catalogue.ts';
export {
  delayedTransitionsFrom,
  findTransition,
  initialTransitions,
  isDelayedTransition,
  isInitialTransition,
  isTerminalState,
  notificationsOn,
  transitionActor,
  transitionsFrom,
} from './process-queries.ts';
export {
  EdnSyntaxError,
  formatEdn,
  isKeyword,
  isMap,
  isVector,
  readEdn,
  type EdnKeyword,
  type EdnMap,
  type EdnValue,
} from './edn.ts';
