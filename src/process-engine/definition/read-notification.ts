// One `:notifications` entry → a draft notification (domain.md §1.6, §1.3 rule 8).
import type { TimeExpression } from '../time/index.ts';
import { ednPreview, isKeyword, isMap, keywordEntries, type EdnValue } from './edn.ts';
import type { ProcessProblem, RecipientRole } from './process-definition.ts';
import {
  checkKeys,
  entryPath,
  keywordAt,
  readAt,
  type ReadOptions,
  type ReadResult,
} from './read-transition.ts';

/** A notification as read, before cross-checks. */
export interface NotificationDraft {
  readonly path: string;
  readonly name: string | undefined;
  readonly on: string | undefined;
  readonly to: RecipientRole | undefined;
  readonly template: string | undefined;
  readonly at: TimeExpression | undefined;
}

const NOTIFICATION_KEYS = ['name', 'on', 'to', 'template', 'at'];

const isRecipient = (name: string): name is RecipientRole =>
  name === 'actor.role/customer' || name === 'actor.role/provider';

/** Reads one notification map. */
export function readNotification(
  raw: EdnValue,
  index: number,
  options: ReadOptions,
): ReadResult<NotificationDraft> {
  const problems: ProcessProblem[] = [];
  const warnings: ProcessProblem[] = [];
  if (!isMap(raw)) {
    problems.push({
      path: `notifications[${index}]`,
      message: `a notification must be a map, got ${ednPreview(raw)}`,
    });
    return { draft: undefined, problems, warnings };
  }
  const map = keywordEntries(raw);
  const { values } = map;
  const path = entryPath('notifications', index, values.get('name'));
  checkKeys(map, NOTIFICATION_KEYS, path, problems, warnings);
  for (const key of ['name', 'on', 'to', 'template']) {
    if (!values.has(key)) problems.push({ path, message: `missing :${key}` });
  }
  const name = keywordAt(values, 'name', path, problems);
  const on = keywordAt(values, 'on', path, problems);

  let to: RecipientRole | undefined;
  const toName = keywordAt(values, 'to', path, problems);
  if (toName !== undefined) {
    if (isRecipient(toName)) to = toName;
    else {
      problems.push({
        path: `${path} :to`,
        message: `unknown recipient role :${toName} (a notification goes to :actor.role/customer or :actor.role/provider)`,
      });
    }
  }

  let template: string | undefined;
  const rawTemplate = values.get('template');
  if (rawTemplate !== undefined) {
    if (isKeyword(rawTemplate) && !rawTemplate.name.includes('/')) template = rawTemplate.name;
    else {
      problems.push({
        path: `${path} :template`,
        message: `must be an unqualified keyword naming a directory in templates/ (e.g. :booking-new-request), got ${ednPreview(rawTemplate)}`,
      });
    }
  }
  const rawAt = values.get('at');
  const at = rawAt === undefined ? undefined : readAt(rawAt, path, options, problems);
  return { draft: { path, name, on, to, template, at }, problems, warnings };
}
