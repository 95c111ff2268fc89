// Reading the transition parameters an action consumes (`params.<name>` in the request body). The
// body is plain JSON by now: transit UUIDs arrive as strings, instants as ISO strings, Money as
// {amount, currency}. Errors are 400s whose source path names the parameter.
import { badRequest, type DomainError } from '../../domain/errors.ts';
import { toExtendedData, type ExtendedData } from '../../domain/extended-data.ts';
import { isUuid } from '../../lib/ids.ts';

const source = (name: string) => ({ type: 'body' as const, path: ['params', name] });

/** 400 `validation-invalid-value` on `params.<name>`. */
export const invalidParam = (name: string, message: string): DomainError =>
  badRequest('validation-invalid-value', `params.${name}: ${message}`, source(name));

/** 400 `validation-missing-key` on `params.<name>`. */
export const missingParam = (name: string, why: string): DomainError =>
  badRequest('validation-missing-key', `params.${name} is required (${why}).`, source(name));

const present = (params: Readonly<Record<string, unknown>>, name: string): boolean =>
  Object.hasOwn(params, name) && params[name] !== undefined && params[name] !== null;

/** An instant: an ISO-8601 string with a time zone (transit `~t`/`~m` decode to one). */
export function instantParam(params: Readonly<Record<string, unknown>>, name: string): Date | undefined {
  if (!present(params, name)) return undefined;
  const raw = params[name];
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw invalidParam(name, 'must be a timestamp (ISO 8601 with a time zone).');
  }
  return new Date(raw);
}

/** A whole number ≥ `min`. */
export function intParam(params: Readonly<Record<string, unknown>>, name: string, min: number): number | undefined {
  if (!present(params, name)) return undefined;
  const raw = params[name];
  if (typeof raw !== 'number' || !Number.isSafeInteger(raw) || raw < min) {
    throw invalidParam(name, `must be an integer ≥ ${min}.`);
  }
  return raw;
}

/** A UUID (string). */
export function uuidParam(params: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (!present(params, name)) return undefined;
  const raw = params[name];
  if (typeof raw !== 'string' || !isUuid(raw)) throw invalidParam(name, 'must be a UUID.');
  return raw.toLowerCase();
}

/** An extended-data map (`protectedData`, `metadata`): any JSON map. */
export function extendedDataParam(params: Readonly<Record<string, unknown>>, name: string): ExtendedData | undefined {
  if (!present(params, name)) return undefined;
  return toExtendedData(params[name], ['params', name]);
}
