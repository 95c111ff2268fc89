/**
 * The SQL expressions over an extended-data column that filters compare and indexes store. Filters
 * and indexes must spell them identically (and with the key as a literal, never a parameter) for
 * PostgreSQL to use the index.
 */
import { sql, type Expression, type RawBuilder } from 'kysely';

/** A top-level key as an SQL literal (keys are validated to [A-Za-z0-9_-] on the way in). */
const keyLiteral = (key: string): RawBuilder<string> => sql.lit(key);

/** `col -> 'k'`: the JSON value (boolean equality, multi-enum containment). */
export const jsonValue = (column: Expression<unknown>, key: string): RawBuilder<unknown> => sql`(${column} -> ${keyLiteral(key)})`;

/** `col ->> 'k'`: the value as text (enum equality). */
export const textValue = (column: Expression<unknown>, key: string): RawBuilder<string | null> => sql`(${column} ->> ${keyLiteral(key)})`;

/** The value as numeric when it is a JSON number, else null: never fails on a mistyped value. */
export const longValue = (column: Expression<unknown>, key: string): RawBuilder<number | null> =>
  sql`(case when jsonb_typeof(${column} -> ${keyLiteral(key)}) = 'number' then (${column} ->> ${keyLiteral(key)})::numeric end)`;

/** `not (col ? 'k')`: the entity lacks the key (it matches the schema's default). */
export const lacksKey = (column: Expression<unknown>, key: string): RawBuilder<boolean> => sql`(not (${column} ? ${keyLiteral(key)}))`;
