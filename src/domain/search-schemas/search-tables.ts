/**
 * Where each kind of searchable entity lives: its table and the jsonb column of each scope. The
 * filter compiler and the index maintenance read this one table.
 *
 * Adding an entity's table (e.g. the transactions issue): add its entry below, then call
 * `rebuildSearchIndexes(db, 'transaction')` once after its migration (e.g. at start-up or from the
 * CLI) so schemas set before the table existed get their indexes; from then on set/unset keep them.
 */
import type { SchemaFor, SchemaScope } from './search-schema.ts';

export interface SearchTable {
  table: string;
  /** jsonb column per scope. */
  columns: Readonly<Partial<Record<SchemaScope, string>>>;
}

export const SEARCH_TABLES: Readonly<Record<SchemaFor, SearchTable | undefined>> = {
  listing: { table: 'listings', columns: { public: 'public_data', metadata: 'metadata' } },
  userProfile: {
    table: 'users',
    columns: { public: 'public_data', protected: 'protected_data', private: 'private_data', metadata: 'metadata' },
  },
  transaction: { table: 'transactions', columns: { protected: 'protected_data', metadata: 'metadata' } },
};

/** Column references per scope for a query over the entity's table, optionally through an alias (`l.public_data`). */
export function searchColumns(schemaFor: SchemaFor, alias?: string): Partial<Record<SchemaScope, string>> {
  const target = SEARCH_TABLES[schemaFor];
  if (!target) return {};
  const prefix = alias ?? target.table;
  return Object.fromEntries(Object.entries(target.columns).map(([scope, column]) => [scope, `${prefix}.${column}`]));
}
