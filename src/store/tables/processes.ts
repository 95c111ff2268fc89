import type { Json, Timestamp } from './marketplaces.ts';

/** One notification template of a process version, as stored in `process_versions.templates`. */
export interface StoredProcessTemplate {
  subject: string;
  html: string;
  /** Optional plain-text body (`<name>-text.txt`); otherwise derived from the HTML when sending. */
  text?: string;
}

export interface ProcessVersionsTable {
  id: string;
  marketplace_id: string;
  name: string;
  version: number;
  /** process.edn exactly as pushed. */
  source: string;
  /** Template name → its files. */
  templates: Json<Record<string, StoredProcessTemplate>>;
  /** SHA-256 of source + templates (see domain/processes). */
  checksum: string;
  created_at: Timestamp;
}

export interface ProcessAliasesTable {
  marketplace_id: string;
  name: string;
  alias: string;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProcessTables {
  process_versions: ProcessVersionsTable;
  process_aliases: ProcessAliasesTable;
}
