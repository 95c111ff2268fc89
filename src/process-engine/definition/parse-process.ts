// process.edn text → validated ProcessDefinition. Every problem is collected before anything is
// thrown, so a marketplace builder sees the whole list at once (like `flex-cli process push`).
import {
  EdnSyntaxError,
  ednPreview,
  isKeyword,
  isMap,
  isVector,
  keywordEntries,
  readEdn,
  type EdnValue,
} from './edn.ts';
import {
  checkNotificationTargets,
  checkReachability,
  checkTimeReferences,
  checkUniqueNames,
  statesOf,
} from './check-references.ts';
import {
  ProcessValidationError,
  type NotificationDef,
  type ProcessDefinition,
  type ProcessProblem,
  type TransitionDef,
} from './process-definition.ts';
import { readNotification, type NotificationDraft } from './read-notification.ts';
import {
  checkKeys,
  readTransition,
  type ReadOptions,
  type TransitionDraft,
} from './read-transition.ts';

/** How to load a process. */
export interface LoadProcessOptions extends ReadOptions {
  /**
   * Names of the templates present in the process directory (those with both `<name>-subject.txt`
   * and `<name>-html.html`). When given, notifications naming a missing one are errors and unused
   * ones warnings; when omitted, templates are not checked.
   */
  readonly templates?: readonly string[];
}

/** The outcome of checking a process: the definition when there are no problems. */
export interface ProcessCheck {
  readonly definition: ProcessDefinition | undefined;
  readonly problems: readonly ProcessProblem[];
  /** Not fatal: unknown keys, deprecated actions, unused templates, ignored config. */
  readonly warnings: readonly ProcessProblem[];
}

const TOP_LEVEL_KEYS = ['format', 'transitions', 'notifications'];

/** Parses and validates process.edn text; throws ProcessValidationError listing every problem. */
export function parseProcess(text: string, options: LoadProcessOptions = {}): ProcessDefinition {
  const { definition, problems } = checkProcess(text, options);
  if (definition === undefined) throw new ProcessValidationError(problems);
  return definition;
}

/** Parses and validates process.edn text without throwing (for push/validate tooling). */
export function checkProcess(text: string, options: LoadProcessOptions = {}): ProcessCheck {
  let edn: EdnValue;
  try {
    edn = readEdn(text);
  } catch (err) {
    if (!(err instanceof EdnSyntaxError)) throw err;
    return { definition: undefined, problems: [{ path: '.', message: err.message }], warnings: [] };
  }
  return checkProcessEdn(edn, options);
}

/** Validates an already-read EDN value as a process. */
export function checkProcessEdn(edn: EdnValue, options: LoadProcessOptions = {}): ProcessCheck {
  const problems: ProcessProblem[] = [];
  const warnings: ProcessProblem[] = [];
  if (!isMap(edn)) {
    return {
      definition: undefined,
      problems: [
        {
          path: '.',
          message: `process.edn must be a map {:format :v3 :transitions [...]}, got ${ednPreview(edn)}`,
        },
      ],
      warnings,
    };
  }
  const top = keywordEntries(edn);
  checkKeys(top, TOP_LEVEL_KEYS, '.', problems, warnings);

  const format = top.values.get('format');
  if (format === undefined) {
    problems.push({ path: ':format', message: 'missing :format (must be :v3)' });
  } else if (!isKeyword(format, 'v3')) {
    problems.push({
      path: ':format',
      message: `unknown format ${ednPreview(format)} (only :v3 is supported)`,
    });
  }

  const transitions = readList(
    top.values.get('transitions'),
    'transitions',
    true,
    problems,
    warnings,
    (raw, i) => readTransition(raw, i, options),
  );
  const notifications = readList(
    top.values.get('notifications'),
    'notifications',
    false,
    problems,
    warnings,
    (raw, i) => readNotification(raw, i, options),
  );

  checkUniqueNames('transition', transitions, problems);
  checkUniqueNames('notification', notifications, problems);
  checkReachability(transitions, problems);
  const states = statesOf(transitions);
  const stateSet = new Set(states);
  const transitionNames = new Set(
    transitions.flatMap((t) => (t.name === undefined ? [] : [t.name])),
  );
  for (const t of transitions)
    checkTimeReferences(t.path, t.at, stateSet, transitionNames, problems);
  for (const n of notifications)
    checkTimeReferences(n.path, n.at, stateSet, transitionNames, problems);
  checkNotificationTargets(notifications, transitionNames, options.templates, problems, warnings);

  if (problems.length > 0) return { definition: undefined, problems, warnings };
  const definition: ProcessDefinition = {
    format: 'v3',
    transitions: transitions.map(toTransitionDef),
    notifications: notifications.map(toNotificationDef),
    states,
  };
  return { definition, problems, warnings };
}

function readList<T>(
  raw: EdnValue | undefined,
  key: string,
  required: boolean,
  problems: ProcessProblem[],
  warnings: ProcessProblem[],
  read: (
    raw: EdnValue,
    index: number,
  ) => {
    draft: T | undefined;
    problems: readonly ProcessProblem[];
    warnings: readonly ProcessProblem[];
  },
): T[] {
  if (raw === undefined) {
    if (required)
      problems.push({ path: `:${key}`, message: `missing :${key} (a vector of ${key} maps)` });
    return [];
  }
  if (!isVector(raw)) {
    problems.push({ path: `:${key}`, message: `must be a vector, got ${ednPreview(raw)}` });
    return [];
  }
  const drafts: T[] = [];
  raw.forEach((entry, i) => {
    const result = read(entry, i);
    problems.push(...result.problems);
    warnings.push(...result.warnings);
    if (result.draft !== undefined) drafts.push(result.draft);
  });
  return drafts;
}

// Only called when no problem was found, so every required field is present.
function toTransitionDef(d: TransitionDraft): TransitionDef {
  if (d.name === undefined || d.to === undefined)
    throw new Error(`unreachable: incomplete ${d.path}`);
  const base = { name: d.name, to: d.to, actions: d.actions, privileged: d.privileged };
  const withFrom = d.from === undefined ? base : { ...base, from: d.from };
  if (d.actor !== undefined) return { ...withFrom, actor: d.actor };
  if (d.at !== undefined) return { ...withFrom, at: d.at };
  throw new Error(`unreachable: ${d.path} has neither actor nor at`);
}

function toNotificationDef(d: NotificationDraft): NotificationDef {
  if (
    d.name === undefined ||
    d.on === undefined ||
    d.to === undefined ||
    d.template === undefined
  ) {
    throw new Error(`unreachable: incomplete ${d.path}`);
  }
  const def = { name: d.name, on: d.on, to: d.to, template: d.template };
  return d.at === undefined ? def : { ...def, at: d.at };
}
