import type { Json, Timestamp } from './marketplaces.ts';

export type SearchSchemaFor = 'listing' | 'userProfile' | 'transaction';
export type SearchSchemaScope = 'public' | 'protected' | 'private' | 'metadata';
export type SearchSchemaType = 'enum' | 'multi-enum' | 'boolean' | 'long' | 'text';

export interface SearchSchemasTable {
  marketplace_id: string;
  schema_for: SearchSchemaFor;
  scope: SearchSchemaScope;
  key: string;
  type: SearchSchemaType;
  /** The default value as JSON; null when the schema has none. */
  default_value: Json<unknown> | null;
  doc: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SearchSchemaTables {
  search_schemas: SearchSchemasTable;
}
