// Whole-process rules (domain.md §1.3 rules 2, 3, 7, 8; §1.1 templates): unique names, reachability
// from the initial transitions, names inside time expressions, notification targets and templates.
import { timeExpressionReferences, type TimeExpression } from '../time/index.ts';
import type { ProcessProblem } from './process-definition.ts';
import type { NotificationDraft } from './read-notification.ts';
import type { TransitionDraft } from './read-transition.ts';

/** Every `:from`/`:to` state in order of first appearance. */
export function statesOf(transitions: readonly TransitionDraft[]): string[] {
  const states = new Set<string>();
  for (const t of transitions) {
    if (t.from !== undefined) states.add(t.from);
    if (t.to !== undefined) states.add(t.to);
  }
  return [...states];
}

/** Reports names used by more than one entry. */
export function checkUniqueNames(
  kind: 'transition' | 'notification',
  drafts: readonly { readonly path: string; readonly name: string | undefined }[],
  problems: ProcessProblem[],
): void {
  const seen = new Map<string, string>();
  for (const d of drafts) {
    if (d.name === undefined) continue;
    const first = seen.get(d.name);
    if (first === undefined) seen.set(d.name, d.path);
    else
      problems.push({
        path: d.path,
        message: `duplicate ${kind} name :${d.name} (first defined at ${first})`,
      });
  }
}

/** Rule 3: every state must be reachable from the synthetic initial state over from→to edges. */
export function checkReachability(
  transitions: readonly TransitionDraft[],
  problems: ProcessProblem[],
): void {
  const reached = new Set<string>();
  const queue = transitions
    .filter((t) => t.from === undefined && t.to !== undefined)
    .map((t) => t.to);
  while (queue.length > 0) {
    const state = queue.shift();
    if (state === undefined || reached.has(state)) continue;
    reached.add(state);
    for (const t of transitions) {
      if (t.from === state && t.to !== undefined && !reached.has(t.to)) queue.push(t.to);
    }
  }
  for (const state of statesOf(transitions)) {
    if (reached.has(state)) continue;
    const users = transitions
      .filter((t) => t.from === state || t.to === state)
      .map((t) => t.name ?? t.path);
    problems.push({
      path: `states ${state}`,
      message: `state :${state} is not reachable from any initial transition (used by ${users.map((u) => `:${u}`).join(', ')})`,
    });
  }
}

/** Rule 7: states and transitions named inside `:at` must exist in the process. */
export function checkTimeReferences(
  path: string,
  at: TimeExpression | undefined,
  states: ReadonlySet<string>,
  transitionNames: ReadonlySet<string>,
  problems: ProcessProblem[],
): void {
  if (at === undefined) return;
  const refs = timeExpressionReferences(at);
  for (const s of refs.states) {
    if (!states.has(s))
      problems.push({
        path: `${path} :at`,
        message: `time expression refers to unknown state :${s}`,
      });
  }
  for (const t of refs.transitions) {
    if (!transitionNames.has(t)) {
      problems.push({
        path: `${path} :at`,
        message: `time expression refers to unknown transition :${t}`,
      });
    }
  }
}

/** Rule 8 and §1.1: notification targets, and templates when the caller listed them. */
export function checkNotificationTargets(
  notifications: readonly NotificationDraft[],
  transitionNames: ReadonlySet<string>,
  templates: readonly string[] | undefined,
  problems: ProcessProblem[],
  warnings: ProcessProblem[],
): void {
  for (const n of notifications) {
    if (n.on !== undefined && !transitionNames.has(n.on)) {
      problems.push({
        path: `${n.path} :on`,
        message: `notification on unknown transition :${n.on}`,
      });
    }
    if (templates !== undefined && n.template !== undefined && !templates.includes(n.template)) {
      problems.push({
        path: `${n.path} :template`,
        message: `missing template :${n.template} (expected templates/${n.template}/${n.template}-subject.txt and ${n.template}-html.html)`,
      });
    }
  }
  if (templates === undefined) return;
  const used = new Set(notifications.map((n) => n.template));
  for (const t of templates) {
    if (!used.has(t))
      warnings.push({
        path: `templates ${t}`,
        message: 'template is not used by any notification',
      });
  }
}
