export type { SchemaDefault, SchemaFor, SchemaIdentity, SchemaScope, SchemaType, SearchSchema, SearchSchemaInput } from './search-schema.ts';
export {
  PREFIX_BY_SCOPE,
  SCHEMA_FORS,
  SCHEMA_SCOPES,
  SCHEMA_TYPES,
  SCOPES_BY_SCHEMA_FOR,
  isSchemaFor,
  isSchemaScope,
  isSchemaType,
  validateSchemaInput,
} from './search-schema.ts';
export { setSearchSchema, type SetSearchSchemaInput } from './set-search-schema.ts';
export { unsetSearchSchema } from './unset-search-schema.ts';
export { listSearchSchemas, searchSchemasOf } from './list-search-schemas.ts';
export { SEARCH_TABLES, searchColumns, type SearchTable } from './search-tables.ts';
export { rebuildSearchIndexes, searchIndexPlan, syncSearchIndexes, type SearchIndexKey } from './search-indexes.ts';
export {
  defaultSatisfies,
  parseExtendedDataParam,
  parseFilterValue,
  parseSortToken,
  schemaOfParam,
  sortSchemaOf,
  type ExtendedDataFilter,
} from './extended-data-filter.ts';
export {
  extendedDataCompiler,
  loadExtendedDataCompiler,
  type CompilerTarget,
  type ExtendedDataCompiler,
  type ExtendedDataSortKey,
} from './extended-data-query.ts';
