// Typed AST of the process time-expression grammar (domain.md §1.7). Names of states and transitions
// are kept exactly as written in process.edn, without the colon (`state/preauthorized`).

/** A parsed ISO-8601 duration such as `P6D` or `PT15M` (non-negative components only). */
export interface Period {
  /** The duration text as written in process.edn. */
  readonly iso: string;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  /** May carry a fraction (`PT1.5S`); every other component is an integer. */
  readonly seconds: number;
}

/** A named moment of a transaction's life (`:fn/timepoint [...]`). */
export type Timepoint =
  | { readonly kind: 'tx-initiated' }
  | { readonly kind: 'first-entered-state'; readonly state: string }
  | { readonly kind: 'last-entered-state'; readonly state: string }
  | { readonly kind: 'first-transitioned'; readonly transition: string }
  | { readonly kind: 'booking-start' }
  | { readonly kind: 'booking-end' }
  | { readonly kind: 'booking-display-start' }
  | { readonly kind: 'booking-display-end' };

/** The kinds of timepoint, in the order the reference lists them. */
export const TIMEPOINT_KINDS: readonly Timepoint['kind'][] = [
  'tx-initiated',
  'first-entered-state',
  'last-entered-state',
  'first-transitioned',
  'booking-start',
  'booking-end',
  'booking-display-start',
  'booking-display-end',
];

/** A parsed time expression; `max` is a local extension that real Flex processes cannot contain. */
export type TimeExpression =
  | { readonly fn: 'timepoint'; readonly timepoint: Timepoint }
  | { readonly fn: 'plus'; readonly base: TimeExpression; readonly periods: readonly Period[] }
  | { readonly fn: 'minus'; readonly base: TimeExpression; readonly periods: readonly Period[] }
  | { readonly fn: 'min'; readonly args: readonly TimeExpression[] }
  | { readonly fn: 'max'; readonly args: readonly TimeExpression[] }
  | { readonly fn: 'ignore-if-past'; readonly arg: TimeExpression };

/** One problem found while parsing a time expression; `path` is relative to the expression. */
export interface TimeExpressionProblem {
  readonly path: string;
  readonly message: string;
}

/** The states and transitions a time expression refers to (validation rule 7 of §1.3). */
export interface TimeExpressionReferences {
  readonly states: readonly string[];
  readonly transitions: readonly string[];
}

/** Lists the states and transitions named inside an expression's timepoints. */
export function timeExpressionReferences(expr: TimeExpression): TimeExpressionReferences {
  const states: string[] = [];
  const transitions: string[] = [];
  const visit = (e: TimeExpression): void => {
    switch (e.fn) {
      case 'timepoint':
        if (
          e.timepoint.kind === 'first-entered-state' ||
          e.timepoint.kind === 'last-entered-state'
        ) {
          states.push(e.timepoint.state);
        } else if (e.timepoint.kind === 'first-transitioned') {
          transitions.push(e.timepoint.transition);
        }
        return;
      case 'plus':
      case 'minus':
        return visit(e.base);
      case 'min':
      case 'max':
        return e.args.forEach(visit);
      case 'ignore-if-past':
        return visit(e.arg);
    }
  };
  visit(expr);
  return { states, transitions };
}
