// Checks an action's `:config` map against what the reference documents for it (domain.md §2).
// Wrong types and missing required keys are errors; keys the reference does not document are only
// warnings (Flex's own spec does not say it rejects them, and a future action option must not make
// an existing process unloadable).
import type { ActionSpec, ConfigField } from './action-catalogue.ts';
import { ednPreview, isKeyword, isMap, keywordEntries, type EdnValue } from './edn.ts';
import type { ActionConfig, ProcessProblem } from './process-definition.ts';

/** The checked config plus what was wrong with it. */
export interface ActionConfigCheck {
  readonly config: ActionConfig | undefined;
  readonly problems: readonly ProcessProblem[];
  readonly warnings: readonly ProcessProblem[];
}

/** Validates `:config` (EDN, possibly absent) of an action against its spec. */
export function checkActionConfig(
  spec: ActionSpec,
  raw: EdnValue | undefined,
  path: string,
): ActionConfigCheck {
  const problems: ProcessProblem[] = [];
  const warnings: ProcessProblem[] = [];
  const fields = spec.config ?? {};
  if (raw === undefined) {
    for (const [key, field] of Object.entries(fields)) {
      if (field.required === true) {
        problems.push({ path, message: `:${spec.name} needs :config with :${key}` });
      }
    }
    return { config: undefined, problems, warnings };
  }
  if (!isMap(raw)) {
    problems.push({ path, message: `:config must be a map, got ${ednPreview(raw)}` });
    return { config: undefined, problems, warnings };
  }
  const { values, duplicateKeys, nonKeywordKeys } = keywordEntries(raw);
  for (const k of duplicateKeys) problems.push({ path, message: `duplicate config key :${k}` });
  for (const k of nonKeywordKeys)
    problems.push({ path, message: `config keys must be keywords, got ${ednPreview(k)}` });
  if (spec.config === undefined && values.size > 0) {
    warnings.push({ path, message: `:${spec.name} takes no config; it is ignored` });
  }
  for (const [key, field] of Object.entries(fields)) {
    const value = values.get(key);
    if (value === undefined) {
      if (field.required === true)
        problems.push({ path, message: `missing required config key :${key}` });
      continue;
    }
    const error = fieldError(field, value);
    if (error !== undefined) problems.push({ path: `${path} :${key}`, message: error });
  }
  if (spec.config !== undefined) {
    for (const key of values.keys()) {
      if (!Object.hasOwn(fields, key)) {
        warnings.push({
          path: `${path} :${key}`,
          message: `unknown config key for :${spec.name} (known: ${Object.keys(fields)
            .map((k) => `:${k}`)
            .join(', ')}); it is ignored`,
        });
      }
    }
  }
  return { config: Object.fromEntries(values), problems, warnings };
}

const isNumber = (v: EdnValue): boolean => typeof v === 'number' || typeof v === 'bigint';

function fieldError(field: ConfigField, value: EdnValue): string | undefined {
  switch (field.kind) {
    case 'keyword':
      return isKeyword(value) && field.values.includes(value.name)
        ? undefined
        : `must be one of ${field.values.map((v) => `:${v}`).join(', ')}, got ${ednPreview(value)}`;
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `must be true or false, got ${ednPreview(value)}`;
    case 'number':
      return isNumber(value) ? undefined : `must be a number (e.g. 0.1M), got ${ednPreview(value)}`;
    case 'money':
      return moneyError(value);
    case 'keyword-map':
      return isMap(value) && value.entries.every(([k, v]) => isKeyword(k) && isKeyword(v))
        ? undefined
        : `must be a map of keyword to keyword (e.g. {:phoneNumber :customerPhone}), got ${ednPreview(value)}`;
  }
}

function moneyError(value: EdnValue): string | undefined {
  const expected = `must be {:amount <number> :currency "<ISO code>"}, got ${ednPreview(value)}`;
  if (!isMap(value)) return expected;
  const { values } = keywordEntries(value);
  const amount = values.get('amount');
  const currency = values.get('currency');
  if (amount === undefined || !isNumber(amount)) return expected;
  if (typeof currency !== 'string' || currency === '') return expected;
  return undefined;
}
