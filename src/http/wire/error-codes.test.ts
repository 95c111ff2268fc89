import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorKind } from '../../domain/errors.ts';
import { ERROR_CODES, isErrorCode } from './error-codes.ts';
import { STATUS_BY_KIND } from './errors.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const srcDir = join(root, 'src');

/** `| \`code\` | 409 | meaning |` rows of docs/errors.md. */
const documented = (): Map<string, number> => {
  const rows = new Map<string, number>();
  const text = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  for (const match of text.matchAll(/^\|\s*`([a-z0-9-]+)`\s*\|\s*(\d{3})\s*\|/gm)) {
    const [, code, status] = match;
    if (code === undefined || status === undefined) continue;
    assert.ok(!rows.has(code), `docs/errors.md lists ${code} twice`);
    rows.set(code, Number(status));
  }
  return rows;
};

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')
      ? [full]
      : [];
  });

const KIND_BY_HELPER: Record<string, ErrorKind> = {
  badRequest: 'bad-request',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  conflict: 'conflict',
};
const KINDS = new Set<string>(Object.keys(STATUS_BY_KIND));
const isKind = (kind: string): kind is ErrorKind => KINDS.has(kind);

const Q = `['"\`]`;
const DOMAIN_ERROR = new RegExp(
  `new\\s+DomainError\\(\\s*${Q}([a-z-]+)${Q}\\s*,\\s*${Q}([^'"\`]+)${Q}`,
  'g',
);
const HELPER = new RegExp(
  `\\b(badRequest|unauthorized|forbidden|conflict)\\(\\s*${Q}([^'"\`]+)${Q}`,
  'g',
);

/** Every (file, kind, code) literal thrown under src/. `notFound()` always uses `not-found`. */
const thrownCodes = (): { file: string; kind: ErrorKind; code: string }[] =>
  sourceFiles(srcDir).flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const where = relative(root, file);
    const found: { file: string; kind: ErrorKind; code: string }[] = [];
    for (const [, kind = '', code = ''] of text.matchAll(DOMAIN_ERROR)) {
      assert.ok(isKind(kind), `${where}: unknown error kind ${kind}`);
      found.push({ file: where, kind, code });
    }
    for (const [, helper = '', code = ''] of text.matchAll(HELPER)) {
      const kind = KIND_BY_HELPER[helper];
      if (kind) found.push({ file: where, kind, code });
    }
    return found;
  });

test('docs/errors.md lists exactly the codes of error-codes.ts, with the same statuses', () => {
  const docs = documented();
  const table = new Map(Object.entries(ERROR_CODES).map(([code, info]) => [code, info.status]));
  assert.deepEqual(
    [...docs.keys()].filter((code) => !table.has(code)),
    [],
    'documented in docs/errors.md but missing from error-codes.ts',
  );
  assert.deepEqual(
    [...table.keys()].filter((code) => !docs.has(code)),
    [],
    'in error-codes.ts but missing from docs/errors.md',
  );
  for (const [code, status] of table) assert.equal(docs.get(code), status, `status of ${code}`);
});

test('every code thrown under src/ is catalogued, with a status matching its kind', () => {
  const thrown = thrownCodes();
  assert.ok(thrown.length > 0, 'the scan finds the wire layer’s own codes');
  const problems: string[] = [];
  for (const { file, kind, code } of thrown) {
    if (!isErrorCode(code)) {
      problems.push(
        `${file}: code "${code}" is not in src/http/wire/error-codes.ts and docs/errors.md`,
      );
    } else if (ERROR_CODES[code].status !== STATUS_BY_KIND[kind]) {
      problems.push(
        `${file}: code "${code}" is thrown as ${kind} (${STATUS_BY_KIND[kind]}) but catalogued as ${ERROR_CODES[code].status}`,
      );
    }
  }
  assert.deepEqual(problems, []);
});

test('every catalogued status is one the kind table can produce (or 500)', () => {
  const statuses = new Set<number>([...Object.values(STATUS_BY_KIND), 500]);
  for (const [code, info] of Object.entries(ERROR_CODES))
    assert.ok(statuses.has(info.status), code);
});
