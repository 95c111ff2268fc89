/**
 * Listing search's `pub_*` / `meta_*` filters and sort keys: the search-schemas module's compiler
 * over the marketplace's listing schemas, bound to the search statement's alias (`listings l`,
 * search.store.ts).
 */
import {
  extendedDataCompiler,
  loadExtendedDataCompiler,
  searchColumns,
  type CompilerTarget,
  type ExtendedDataCompiler,
} from '../../search-schemas/index.ts';
import type { Executor } from '../../../store/db.ts';

/** What listing search needs of the compiler: one filter's condition and a numeric sort value. */
export type ListingFilterCompiler = Pick<ExtendedDataCompiler, 'filter' | 'sortValue'>;

/** `l` is the alias of the listings table in the search statement (search.store.ts). */
const TARGET: CompilerTarget = { schemaFor: 'listing', columns: searchColumns('listing', 'l') };

/** The compiler over the marketplace's listing search schemas (one query). */
export const loadListingFilters = (db: Executor, marketplaceId: string): Promise<ListingFilterCompiler> =>
  loadExtendedDataCompiler(db, marketplaceId, TARGET);

/** The compiler of a search that has no extended-data filter or sort key: nothing to load (any key would be refused). */
export const NO_LISTING_FILTERS: ListingFilterCompiler = extendedDataCompiler([], TARGET);

/** Whether a sort attribute is an extended-data key (`pub_x`, `meta_x`). */
export const isExtendedDataSortKey = (attribute: string): boolean => attribute.startsWith('pub_') || attribute.startsWith('meta_');
