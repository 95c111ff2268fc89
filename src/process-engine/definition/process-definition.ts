// The typed, validated form of a process.edn (domain.md §1.2–§1.6). Every name is kept exactly as
// written, without the colon: `:transition/accept` → 'transition/accept', `:state/accepted` →
// 'state/accepted', `:action/accept-booking` → 'action/accept-booking'.
import type { TimeExpression } from '../time/index.ts';
import type { EdnValue } from './edn.ts';

/** The only process format there is (`:format :v3`). */
export type ProcessFormat = 'v3';

/** A role that may invoke a transition (`:actor`). The system actor is implied by `:at`. */
export type ActorRole = 'actor.role/customer' | 'actor.role/provider' | 'actor.role/operator';

/** Roles a notification can be sent to (`:to`): never the operator. */
export type RecipientRole = 'actor.role/customer' | 'actor.role/provider';

/** Who executed a transition, as recorded in transaction history. */
export type TransitionActor = 'customer' | 'provider' | 'operator' | 'system';

/** The state every initial transition (no `:from`) leaves; never a member of `states`. */
export const INITIAL_STATE = 'state/initial';

/** An action's `:config` map, keyed by keyword name without colon (`use-customer-default-payment-method?`). */
export type ActionConfig = Readonly<Record<string, EdnValue>>;

/** One step of a transition, e.g. `{:name :action/create-pending-booking :config {:type :time}}`. */
export interface ActionDef {
  readonly name: string;
  readonly config?: ActionConfig;
}

interface TransitionBase {
  readonly name: string;
  /** Absent ⇒ an initial transition (creates a transaction). */
  readonly from?: string;
  readonly to: string;
  readonly actions: readonly ActionDef[];
  /** `:privileged? true`: invocable only from a trusted context. */
  readonly privileged: boolean;
}

/** A transition invoked by a party through the API. */
export interface ActorTransitionDef extends TransitionBase {
  readonly actor: ActorRole;
  readonly at?: undefined;
}

/** A delayed transition, run by the system actor at the time `at` evaluates to. */
export interface DelayedTransitionDef extends TransitionBase {
  readonly actor?: undefined;
  readonly at: TimeExpression;
}

/** A transition: exactly one of `actor` or `at` is set. */
export type TransitionDef = ActorTransitionDef | DelayedTransitionDef;

/** An email sent when transition `on` completes (delayed when `at` is set). */
export interface NotificationDef {
  readonly name: string;
  readonly on: string;
  readonly to: RecipientRole;
  /** Template directory name (`templates/<template>/`). */
  readonly template: string;
  readonly at?: TimeExpression;
}

/** A loaded, validated transaction process. */
export interface ProcessDefinition {
  readonly format: ProcessFormat;
  /** In file order (the order that breaks ties between equal scheduled times). */
  readonly transitions: readonly TransitionDef[];
  readonly notifications: readonly NotificationDef[];
  /** Every `:from`/`:to` state, in order of first appearance; excludes INITIAL_STATE. */
  readonly states: readonly string[];
}

/** One validation finding; `path` locates it (`transitions[3] transition/expire :at …`). */
export interface ProcessProblem {
  readonly path: string;
  readonly message: string;
}

/** Thrown when a process.edn cannot be loaded; lists every problem found. */
export class ProcessValidationError extends Error {
  override readonly name = 'ProcessValidationError';
  readonly problems: readonly ProcessProblem[];

  constructor(problems: readonly ProcessProblem[]) {
    super(
      `invalid transaction process (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.path}: ${p.message}`).join('\n'),
    );
    this.problems = problems;
  }
}
