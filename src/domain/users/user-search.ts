/**
 * SEAM: extended-data filters of Integration `users/query` (`pub_*`, `meta_*`, `priv_*`, `prot_*`
 * against the marketplace's userProfile search schemas, catalogue §1.8). The search-schemas module
 * (src/domain/search-schemas) provides the compiler; until it is wired in here, any such filter is
 * refused with 400 `validation-invalid-params` rather than silently ignored. Wiring it: compile the
 * filters against the marketplace's userProfile schemas and AND the result into selectUsers'
 * where clause (users.store.ts), alongside the created-at range.
 */
import { badRequest } from '../errors.ts';

/** Raw filters keyed by full parameter name (`pub_age` → `"20,30"`). */
export type UserExtendedDataFilters = Record<string, string>;

/** Throws bad-request while no userProfile search schema support is wired in. */
export function compileUserFilters(filters: UserExtendedDataFilters): void {
  const [first] = Object.keys(filters);
  if (first !== undefined) {
    throw badRequest('validation-invalid-params', `Query parameter "${first}": no userProfile search schema defines this key.`, { type: 'query', path: [first] });
  }
}
