/**
 * Transaction process versions and aliases (domain.md §1.9): what is stored per marketplace, and the
 * pure rules about names and content. Parsing and validating process.edn is the process engine's
 * job (src/process-engine/registry); this module stores what the engine accepted.
 */
import { createHash } from 'node:crypto';
import { badRequest } from '../errors.ts';

/** One notification template: `templates/<name>/<name>-subject.txt`, `-html.html`, optional `-text.txt`. */
export interface ProcessTemplate {
  readonly subject: string;
  readonly html: string;
  readonly text?: string;
}

/** A version's templates by name (the directory names under templates/). */
export type ProcessTemplates = Readonly<Record<string, ProcessTemplate>>;

/** One immutable version of a named process in a marketplace. */
export interface ProcessVersion {
  readonly id: string;
  readonly marketplaceId: string;
  readonly name: string;
  /** 1, 2, … per name. */
  readonly version: number;
  /** process.edn exactly as pushed. */
  readonly source: string;
  readonly templates: ProcessTemplates;
  readonly checksum: string;
  readonly createdAt: Date;
}

/** `NAME/ALIAS` → version. */
export interface ProcessAlias {
  readonly marketplaceId: string;
  readonly name: string;
  readonly alias: string;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A process name with its newest version and aliases (for `process list`). */
export interface ProcessSummary {
  readonly name: string;
  readonly latestVersion: number;
  readonly latestCreatedAt: Date;
  readonly aliases: readonly ProcessAlias[];
}

/** One version of a process without its content (for `process list --process NAME`). */
export interface ProcessVersionSummary {
  readonly name: string;
  readonly version: number;
  readonly checksum: string;
  readonly createdAt: Date;
  /** Alias names (without the process name) pointing to this version. */
  readonly aliases: readonly string[];
}

/**
 * Process, alias and template names: what a keyword name may hold, minus `/` (it separates
 * `NAME/ALIAS`) — e.g. `default-booking`, `release-1`, `booking-new-request`.
 */
export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** Throws bad-request (validation-invalid-value) unless `value` is a valid process/alias name. */
export function validateName(what: 'process' | 'alias' | 'template', value: string): void {
  if (!NAME_RE.test(value)) {
    throw badRequest(
      'validation-invalid-value',
      `Invalid ${what} name "${value}": use letters, digits, ".", "_" and "-" (at most 100 characters, no "/").`,
    );
  }
}

/** Splits `NAME/ALIAS` (as a transaction's processAlias); undefined when it has no single `/`. */
export function parseAliasRef(ref: string): { name: string; alias: string } | undefined {
  const parts = ref.split('/');
  if (parts.length !== 2) return undefined;
  const [name, alias] = parts;
  if (name === undefined || alias === undefined || !NAME_RE.test(name) || !NAME_RE.test(alias)) {
    return undefined;
  }
  return { name, alias };
}

/**
 * SHA-256 over the source and the templates in name order: equal content ⇒ equal checksum, so a
 * push of an unchanged process creates no version (§1.1). Length-prefixed JSON avoids ambiguity.
 */
export function processChecksum(source: string, templates: ProcessTemplates): string {
  const names = Object.keys(templates).sort();
  const canonical = JSON.stringify([
    source,
    names.map((name) => {
      const t = templates[name];
      return [name, t?.subject ?? '', t?.html ?? '', t?.text ?? null];
    }),
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
