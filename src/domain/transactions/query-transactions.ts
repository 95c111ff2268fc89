import { sql, type SqlBool } from 'kysely';
import { badRequest } from '../errors.ts';
import { loadExtendedDataCompiler } from '../search-schemas/index.ts';
import type { Executor } from '../../store/db.ts';
import type { Transaction } from './transaction.ts';
import { TRANSACTION_SORT_KEYS, type TimeRange, type TransactionQuery, type TransactionSortKey } from './transaction-query.ts';
import { selectTransactionPage, type SortTerm } from './transaction-search.store.ts';

const SORT_COLUMNS: Readonly<Record<TransactionSortKey, string>> = {
  createdAt: 't.created_at',
  lastTransitionedAt: 't.last_transitioned_at',
  lastMessageAt: 't.last_message_at',
  bookingStart: 'b.start_at',
  bookingEnd: 'b.end_at',
};

const isSortKey = (s: string): s is TransactionSortKey => TRANSACTION_SORT_KEYS.some((k) => k === s);

const checkRange = (name: string, range: TimeRange | undefined): void => {
  if (range?.start && range.end && range.start >= range.end) {
    throw badRequest('validation-invalid-params', `${name}: the start must be before the end.`, { type: 'query', path: [name] });
  }
};

/**
 * `transactions/query`: one page of the transactions matching every filter, sorted (catalogue §1.9:
 * a bare key sorts descending, `-key` ascending; missing values last; default newest first). The
 * caller decides whose transactions may be listed (the Marketplace API passes the caller's
 * `userId`). Throws bad-request for an unknown sort key, an inverted range, more than 3 sort keys,
 * or an extended-data filter without a transaction search schema.
 */
export async function queryTransactions(db: Executor, q: TransactionQuery): Promise<{ transactions: Transaction[]; totalItems: number }> {
  checkRange('createdAtStart', q.createdAt);
  checkRange('bookingStart', q.bookingStart);
  checkRange('bookingEnd', q.bookingEnd);
  const tokens = q.sort && q.sort.length > 0 ? q.sort : ['createdAt'];
  if (tokens.length > 3) throw badRequest('validation-invalid-value', 'sort takes at most 3 keys.', { type: 'query', path: ['sort'] });
  const extendedFilters = q.extendedData ?? {};
  const needsSchemas = Object.keys(extendedFilters).length > 0 || tokens.some((t) => !isSortKey(t.replace(/^-/, '')));
  const compiler = needsSchemas ? await loadExtendedDataCompiler(db, q.marketplaceId, { schemaFor: 'transaction', columns: { protected: 't.protected_data', metadata: 't.metadata' } }) : undefined;
  const sort: SortTerm[] = tokens.map((token) => {
    const key = token.replace(/^-/, '');
    const direction = token.startsWith('-') ? 'asc' : 'desc';
    if (isSortKey(key)) return { value: sql.ref(SORT_COLUMNS[key]), direction };
    if (compiler && /^(prot|meta)_/.test(key)) {
      const s = compiler.sort(token);
      return { value: s.value, direction: s.direction };
    }
    throw badRequest('validation-invalid-value', `Cannot sort transactions by ${key}.`, { type: 'query', path: ['sort'] });
  });
  const extendedData = compiler ? compiler.where(extendedFilters) : sql<SqlBool>`true`;
  return selectTransactionPage(db, q, extendedData, sort);
}
