// Read-only lookups over a ProcessDefinition, the questions the transition runner and timers ask.
import type {
  DelayedTransitionDef,
  NotificationDef,
  ProcessDefinition,
  TransitionActor,
  TransitionDef,
} from './process-definition.ts';

/** The transition with this name (`transition/accept`), if any. */
export function findTransition(
  process: ProcessDefinition,
  name: string,
): TransitionDef | undefined {
  return process.transitions.find((t) => t.name === name);
}

/** True for a transition without `:from`: it creates a transaction. */
export function isInitialTransition(t: TransitionDef): boolean {
  return t.from === undefined;
}

/** Transitions that create a transaction. */
export function initialTransitions(process: ProcessDefinition): readonly TransitionDef[] {
  return process.transitions.filter(isInitialTransition);
}

/** Transitions leaving `state`, in file order. */
export function transitionsFrom(
  process: ProcessDefinition,
  state: string,
): readonly TransitionDef[] {
  return process.transitions.filter((t) => t.from === state);
}

/** True when `t` is a delayed (`:at`, system) transition. */
export function isDelayedTransition(t: TransitionDef): t is DelayedTransitionDef {
  return t.at !== undefined;
}

/** Delayed transitions leaving `state`, in file order (the tie-break order for equal times). */
export function delayedTransitionsFrom(
  process: ProcessDefinition,
  state: string,
): readonly DelayedTransitionDef[] {
  return process.transitions.filter(
    (t): t is DelayedTransitionDef => t.from === state && isDelayedTransition(t),
  );
}

/** Notifications triggered when transition `name` completes, in file order. */
export function notificationsOn(
  process: ProcessDefinition,
  name: string,
): readonly NotificationDef[] {
  return process.notifications.filter((n) => n.on === name);
}

/** True for a state no transition leaves. */
export function isTerminalState(process: ProcessDefinition, state: string): boolean {
  return process.states.includes(state) && !process.transitions.some((t) => t.from === state);
}

/** Who runs a transition, as recorded in history (`by`): its actor role, or system for `:at`. */
export function transitionActor(t: TransitionDef): TransitionActor {
  switch (t.actor) {
    case 'actor.role/customer':
      return 'customer';
    case 'actor.role/provider':
      return 'provider';
    case 'actor.role/operator':
      return 'operator';
    case undefined:
      return 'system';
  }
}
