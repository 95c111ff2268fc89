/**
 * Request validation for the Admin API: TypeBox's checker (unknown keys are rejected, where
 * Fastify's default Ajv would drop them silently), with its issues reshaped into the Ajv form the
 * wire layer's error mapping reads (`required` → missingProperty, `additionalProperties` →
 * additionalProperty, a union of literals → "must be one of …"), most useful issue first.
 */
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';

const first = (value: unknown): string | undefined =>
  Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;

/** Reorders and reshapes TypeBox issues so the first one is the clearest for an operator. */
export function normalizeIssues(issues: readonly FastifySchemaValidationError[]): FastifySchemaValidationError[] {
  const out: FastifySchemaValidationError[] = [];
  for (const issue of issues) {
    const missing = first(issue.params.requiredProperties);
    if (issue.keyword === 'required' && missing !== undefined) {
      out.push({ ...issue, params: { missingProperty: missing }, message: `must have required property ${missing}` });
    }
  }
  for (const issue of issues) {
    const extra = first(issue.params.additionalProperties);
    if (issue.keyword === 'additionalProperties' && extra !== undefined) {
      out.push({ ...issue, params: { additionalProperty: extra }, message: 'must not have additional properties' });
    }
  }
  for (const issue of issues) {
    if (issue.keyword === 'required' || issue.keyword === 'additionalProperties' || issue.keyword === 'boolean') continue;
    if (issue.keyword === 'const') continue;
    if (issue.keyword === 'anyOf') {
      const allowed = issues
        .filter((i) => i.keyword === 'const' && i.instancePath === issue.instancePath)
        .map((i) => JSON.stringify(i.params.allowedValue));
      if (allowed.length > 0) {
        out.push({ ...issue, message: `must be one of ${allowed.join(', ')}` });
        continue;
      }
    }
    out.push(issue);
  }
  return out.length > 0 ? out : [...issues];
}

export const adminValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  return (value: unknown) => {
    // Only query strings and params are strings on the wire and need conversion.
    const converted = httpPart === 'body' ? value : Value.Convert(schema, value);
    if (check.Check(converted)) return { value: converted };
    const issues: FastifySchemaValidationError[] = check.Errors(converted).map((e) => ({
      keyword: e.keyword,
      instancePath: e.instancePath,
      schemaPath: e.schemaPath,
      params: { ...e.params },
      message: e.message,
    }));
    return { error: normalizeIssues(issues) };
  };
};
