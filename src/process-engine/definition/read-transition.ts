// One `:transitions` entry → a draft transition plus the problems local to it (domain.md §1.3 rules
// 1, 4, 5, 6, 7-syntax). Rules that need the whole process live in check-references.ts.
import { parseTimeExpression, type TimeExpression } from '../time/index.ts';
import { actionSpec } from './action-catalogue.ts';
import { checkActionConfig } from './action-config.ts';
import { ednPreview, isKeyword, isMap, isVector, keywordEntries, type EdnValue } from './edn.ts';
import {
  INITIAL_STATE,
  type ActionDef,
  type ActorRole,
  type ProcessProblem,
} from './process-definition.ts';

/** Options that change how strictly a process is read. */
export interface ReadOptions {
  /** Accept the `:fn/max` time function (a local extension, off by default). */
  readonly allowFnMax?: boolean;
}

/** A transition as read, before cross-checks; fields are missing where the EDN was wrong. */
export interface TransitionDraft {
  readonly path: string;
  readonly name: string | undefined;
  readonly actor: ActorRole | undefined;
  readonly from: string | undefined;
  readonly to: string | undefined;
  readonly at: TimeExpression | undefined;
  readonly actions: readonly ActionDef[];
  readonly privileged: boolean;
}

/** What reading one entry produced. */
export interface ReadResult<T> {
  readonly draft: T | undefined;
  readonly problems: readonly ProcessProblem[];
  readonly warnings: readonly ProcessProblem[];
}

const ACTOR_ROLES: readonly ActorRole[] = [
  'actor.role/customer',
  'actor.role/provider',
  'actor.role/operator',
];
const isActorRole = (name: string): name is ActorRole => ACTOR_ROLES.some((r) => r === name);

const TRANSITION_KEYS = ['name', 'actor', 'at', 'from', 'to', 'actions', 'privileged?'];
const ACTION_KEYS = ['name', 'config'];

/** Names an entry in paths: `transitions[3] transition/expire`. */
export function entryPath(list: string, index: number, name: EdnValue | undefined): string {
  return isKeyword(name) ? `${list}[${index}] ${name.name}` : `${list}[${index}]`;
}

/** Reads a keyword-valued key; reports a problem when present but not a keyword. */
export function keywordAt(
  values: ReadonlyMap<string, EdnValue>,
  key: string,
  path: string,
  problems: ProcessProblem[],
): string | undefined {
  const v = values.get(key);
  if (v === undefined) return undefined;
  if (isKeyword(v)) return v.name;
  problems.push({ path: `${path} :${key}`, message: `must be a keyword, got ${ednPreview(v)}` });
  return undefined;
}

/** Reports duplicate/non-keyword/unknown keys of an entry map. */
export function checkKeys(
  map: ReturnType<typeof keywordEntries>,
  known: readonly string[],
  path: string,
  problems: ProcessProblem[],
  warnings: ProcessProblem[],
): void {
  for (const k of map.duplicateKeys) problems.push({ path, message: `duplicate key :${k}` });
  for (const k of map.nonKeywordKeys)
    problems.push({ path, message: `keys must be keywords, got ${ednPreview(k)}` });
  for (const k of map.values.keys()) {
    if (!known.includes(k))
      warnings.push({ path: `${path} :${k}`, message: `unknown key; it is ignored` });
  }
}

/** Parses `:at` of a transition or notification, prefixing problem paths. */
export function readAt(
  raw: EdnValue,
  path: string,
  options: ReadOptions,
  problems: ProcessProblem[],
): TimeExpression | undefined {
  const parsed = parseTimeExpression(raw, { allowMax: options.allowFnMax === true });
  if (parsed.ok) return parsed.expression;
  for (const p of parsed.problems) {
    problems.push({
      path: p.path === '.' ? `${path} :at` : `${path} :at ${p.path}`,
      message: `bad time expression: ${p.message}`,
    });
  }
  return undefined;
}

/** Reads one transition map. */
export function readTransition(
  raw: EdnValue,
  index: number,
  options: ReadOptions,
): ReadResult<TransitionDraft> {
  const problems: ProcessProblem[] = [];
  const warnings: ProcessProblem[] = [];
  if (!isMap(raw)) {
    problems.push({
      path: `transitions[${index}]`,
      message: `a transition must be a map, got ${ednPreview(raw)}`,
    });
    return { draft: undefined, problems, warnings };
  }
  const map = keywordEntries(raw);
  const { values } = map;
  const path = entryPath('transitions', index, values.get('name'));
  checkKeys(map, TRANSITION_KEYS, path, problems, warnings);

  const name = keywordAt(values, 'name', path, problems);
  if (!values.has('name')) problems.push({ path, message: 'missing :name' });
  const to = keywordAt(values, 'to', path, problems);
  if (!values.has('to'))
    problems.push({ path, message: 'missing :to (the state the transition leads to)' });
  const from = keywordAt(values, 'from', path, problems);

  // Rule 1: exactly one of :actor / :at.
  const rawActor = values.get('actor');
  const rawAt = values.get('at');
  if ((rawActor === undefined) === (rawAt === undefined)) {
    problems.push({
      path,
      message:
        rawActor === undefined
          ? 'you must specify exactly one of :actor or :at (neither is given)'
          : 'you must specify exactly one of :actor or :at (both are given)',
    });
  }
  let actor: ActorRole | undefined;
  const actorName = keywordAt(values, 'actor', path, problems);
  if (actorName !== undefined) {
    if (isActorRole(actorName)) actor = actorName;
    else {
      problems.push({
        path: `${path} :actor`,
        message: `unknown actor role :${actorName} (expected :actor.role/customer, :actor.role/provider or :actor.role/operator; the system actor is implied by :at)`,
      });
    }
  }
  const at = rawAt === undefined ? undefined : readAt(rawAt, path, options, problems);

  const rawPrivileged = values.get('privileged?');
  if (rawPrivileged !== undefined && typeof rawPrivileged !== 'boolean') {
    problems.push({
      path: `${path} :privileged?`,
      message: `must be true or false, got ${ednPreview(rawPrivileged)}`,
    });
  }
  const privileged = rawPrivileged === true;

  const actions = readActions(values.get('actions'), path, problems, warnings);

  // Rule 4: privileged actions only in privileged or operator transitions.
  if (!privileged && actor !== 'actor.role/operator') {
    for (const a of actions) {
      if (actionSpec(a.name)?.privileged === true) {
        problems.push({
          path,
          message: `action :${a.name} is privileged: the transition must have :privileged? true or actor :actor.role/operator`,
        });
      }
    }
  }
  // The CLI names the implicit start state :state/initial (§1.3 normalisation); writing it would make
  // "initial" ambiguous between a missing :from and an explicit one, so it is reserved.
  const reserved = (key: string): ProcessProblem => ({
    path: `${path} :${key}`,
    message: `:${INITIAL_STATE} is reserved for the implicit start state (omit :from to make an initial transition)`,
  });
  if (from === INITIAL_STATE) problems.push(reserved('from'));
  if (to === INITIAL_STATE) problems.push(reserved('to'));
  // Delayed transitions run without API parameters (§1.8), so mandatory parameters can never be met.
  if (rawAt !== undefined) {
    for (const a of actions) {
      const missing = actionSpec(a.name)?.params.filter((p) => p.required) ?? [];
      if (missing.length > 0) {
        warnings.push({
          path,
          message: `delayed transitions get no parameters, but :${a.name} needs ${missing.map((p) => p.name).join(', ')}: it will always fail`,
        });
      }
    }
  }
  // Rule 5: only a customer or a provider can initiate a transaction.
  if (!values.has('from')) {
    if (rawAt !== undefined) {
      problems.push({
        path,
        message:
          'an initial transition (no :from) cannot be delayed (:at): the system cannot initiate',
      });
    } else if (actor === 'actor.role/operator') {
      problems.push({
        path,
        message:
          'an initial transition (no :from) must have actor customer or provider, not operator',
      });
    }
  }
  return { draft: { path, name, actor, from, to, at, actions, privileged }, problems, warnings };
}

function readActions(
  raw: EdnValue | undefined,
  path: string,
  problems: ProcessProblem[],
  warnings: ProcessProblem[],
): ActionDef[] {
  if (raw === undefined) return [];
  if (!isVector(raw)) {
    problems.push({
      path: `${path} :actions`,
      message: `must be a vector of action maps, got ${ednPreview(raw)}`,
    });
    return [];
  }
  const actions: ActionDef[] = [];
  raw.forEach((entry, i) => {
    const actionPath = `${path} :actions[${i}]`;
    if (!isMap(entry)) {
      problems.push({
        path: actionPath,
        message: `an action must be a map {:name :action/…}, got ${ednPreview(entry)}`,
      });
      return;
    }
    const map = keywordEntries(entry);
    checkKeys(map, ACTION_KEYS, actionPath, problems, warnings);
    const name = keywordAt(map.values, 'name', actionPath, problems);
    if (!map.values.has('name')) problems.push({ path: actionPath, message: 'missing :name' });
    if (name === undefined) return;
    const spec = actionSpec(name);
    if (spec === undefined) {
      problems.push({ path: actionPath, message: `unknown action :${name}` });
      return;
    }
    if (spec.implicit === true) {
      problems.push({
        path: actionPath,
        message: `:${name} runs implicitly on initial transitions and must not be written in process.edn`,
      });
      return;
    }
    if (spec.deprecated === true) {
      const instead = spec.replacedBy === undefined ? '' : ` (use :${spec.replacedBy})`;
      warnings.push({ path: actionPath, message: `:${name} is deprecated${instead}` });
    }
    const checked = checkActionConfig(spec, map.values.get('config'), `${actionPath} :config`);
    problems.push(...checked.problems);
    warnings.push(...checked.warnings);
    actions.push(checked.config === undefined ? { name } : { name, config: checked.config });
  });
  return actions;
}
