/**
 * Search schemas (catalogue §1.8, domain §7.2): a marketplace declares which top-level keys of an
 * extended-data scope are searchable, with a type and an optional default. Types and pure rules.
 */
import { badRequest } from '../errors.ts';
import type { SearchSchemaFor, SearchSchemaScope, SearchSchemaType } from '../../store/tables/search-schemas.ts';

export type SchemaFor = SearchSchemaFor;
export type SchemaScope = SearchSchemaScope;
export type SchemaType = SearchSchemaType;

/** A default value: enum → string, multi-enum → strings, boolean → boolean, long → integer. */
export type SchemaDefault = string | readonly string[] | boolean | number;

export interface SearchSchema {
  marketplaceId: string;
  schemaFor: SchemaFor;
  scope: SchemaScope;
  /** A top-level extended-data key. */
  key: string;
  type: SchemaType;
  /** Entities without the key match filters as if they had this value; null = no default. */
  defaultValue: SchemaDefault | null;
  doc: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const SCHEMA_FORS: readonly SchemaFor[] = ['listing', 'userProfile', 'transaction'];
export const SCHEMA_SCOPES: readonly SchemaScope[] = ['public', 'protected', 'private', 'metadata'];
export const SCHEMA_TYPES: readonly SchemaType[] = ['enum', 'multi-enum', 'boolean', 'long', 'text'];

/** Which scopes each kind of entity can index (domain §7.2). */
export const SCOPES_BY_SCHEMA_FOR: Readonly<Record<SchemaFor, readonly SchemaScope[]>> = {
  listing: ['public', 'metadata'],
  userProfile: ['public', 'private', 'protected', 'metadata'],
  transaction: ['protected', 'metadata'],
};

/** The query-parameter prefix of each scope (`pub_k`, `prot_k`, …). */
export const PREFIX_BY_SCOPE: Readonly<Record<SchemaScope, string>> = {
  public: 'pub_',
  protected: 'prot_',
  private: 'priv_',
  metadata: 'meta_',
};

/** Top-level keys only (no dots), usable after a query prefix. */
const KEY_RE = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_DOC = 1000;

export const isSchemaFor = (v: unknown): v is SchemaFor => SCHEMA_FORS.some((s) => s === v);
export const isSchemaScope = (v: unknown): v is SchemaScope => SCHEMA_SCOPES.some((s) => s === v);
export const isSchemaType = (v: unknown): v is SchemaType => SCHEMA_TYPES.some((s) => s === v);

const invalid = (field: string, message: string): Error =>
  badRequest('validation-invalid-value', message, { type: 'body', path: [field] });

/** What identifies a schema within a marketplace. */
export interface SchemaIdentity {
  schemaFor: SchemaFor;
  scope: SchemaScope;
  key: string;
}

/** Checks that the scope belongs to the schemaFor and the key is a top-level key; throws bad-request. */
export function validateSchemaIdentity(id: SchemaIdentity): void {
  if (!SCOPES_BY_SCHEMA_FOR[id.schemaFor].includes(id.scope)) {
    throw invalid('scope', `A ${id.schemaFor} search schema cannot use scope ${id.scope} (allowed: ${SCOPES_BY_SCHEMA_FOR[id.schemaFor].join(', ')}).`);
  }
  if (!KEY_RE.test(id.key)) {
    throw invalid('key', 'key must be a top-level key of 1–100 letters, digits, "_" or "-" (no dots).');
  }
}

const isStringList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The default value checked against the type (domain §7.2); throws bad-request. */
export function validateSchemaDefault(type: SchemaType, value: unknown): SchemaDefault {
  switch (type) {
    case 'enum':
      if (typeof value === 'string' && value !== '') return value;
      throw invalid('default', 'The default of an enum schema must be a non-empty string.');
    case 'multi-enum':
      if (isStringList(value) && value.every((v) => v !== '')) return [...new Set(value)];
      throw invalid('default', 'The default of a multi-enum schema must be a list of strings.');
    case 'boolean':
      if (typeof value === 'boolean') return value;
      throw invalid('default', 'The default of a boolean schema must be true or false.');
    case 'long':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      throw invalid('default', 'The default of a long schema must be an integer.');
    case 'text':
      throw invalid('default', 'A text schema cannot have a default.');
  }
}

/** Input of setSearchSchema before validation. */
export interface SearchSchemaInput extends SchemaIdentity {
  type: SchemaType;
  /** undefined = no default. */
  default?: unknown;
  doc?: string | undefined;
}

/** Validates a schema definition (scope per schemaFor, key, `text` only for listings, default per type, doc). */
export function validateSchemaInput(input: SearchSchemaInput): { defaultValue: SchemaDefault | null; doc: string | null } {
  validateSchemaIdentity(input);
  if (input.type === 'text' && input.schemaFor !== 'listing') {
    throw invalid('type', 'Only listing search schemas can have type text.');
  }
  const defaultValue = input.default === undefined || input.default === null ? null : validateSchemaDefault(input.type, input.default);
  const doc = input.doc === undefined || input.doc === '' ? null : input.doc;
  if (doc !== null && doc.length > MAX_DOC) throw invalid('doc', `doc must be at most ${MAX_DOC} characters.`);
  return { defaultValue, doc };
}
