/**
 * Extended-data filters of Integration `users/query` (`pub_*`, `meta_*`, `priv_*`, `prot_*`),
 * compiled against the marketplace's userProfile search schemas (catalogue §1.8) by the
 * search-schemas module. A key without a schema is 400 `validation-disallowed-key`, a malformed
 * value 400 `validation-invalid-value`, both naming the parameter.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { loadExtendedDataCompiler } from '../search-schemas/index.ts';
import type { Executor } from '../../store/db.ts';

/** Raw filters keyed by full parameter name (`pub_age` → `"20,30"`). */
export type UserExtendedDataFilters = Record<string, string>;

/**
 * The filters ANDed into one condition over `users` (`true` without filters, skipping the schema
 * lookup). Throws bad-request (unknown key, text field, malformed value).
 */
export async function compileUserFilters(db: Executor, marketplaceId: string, filters: UserExtendedDataFilters): Promise<Expression<SqlBool>> {
  if (Object.keys(filters).length === 0) return sql<SqlBool>`true`;
  const compiler = await loadExtendedDataCompiler(db, marketplaceId, { schemaFor: 'userProfile' });
  return compiler.where(filters);
}
