import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DomainError } from '../errors.ts';
import { parseAliasRef, processChecksum, validateName } from './processes.ts';

test('parseAliasRef splits NAME/ALIAS and rejects anything else', () => {
  assert.deepEqual(parseAliasRef('default-booking/release-1'), {
    name: 'default-booking',
    alias: 'release-1',
  });
  for (const bad of ['default-booking', 'a/b/c', '/x', 'x/', 'a b/c', ''])
    assert.equal(parseAliasRef(bad), undefined, bad);
});

test('validateName accepts keyword-like names and rejects slashes, spaces and long names', () => {
  for (const ok of ['default-booking', 'release-1', 'v1.2_x', 'A']) validateName('process', ok);
  for (const bad of ['a/b', 'has space', '-x', '', 'x'.repeat(101)]) {
    assert.throws(
      () => validateName('alias', bad),
      (e: unknown) => e instanceof DomainError && e.code === 'validation-invalid-value',
    );
  }
});

test('processChecksum: equal content ⇒ equal checksum, whatever the template order; any change differs', () => {
  const a = { subject: 's', html: 'h' };
  const b = { subject: 's2', html: 'h2', text: 't' };
  const base = processChecksum('{:format :v3}', { a, b });
  assert.equal(processChecksum('{:format :v3}', { b, a }), base);
  // Independently computed: SHA-256 of the canonical JSON.
  const expected = createHash('sha256')
    .update(
      JSON.stringify([
        '{:format :v3}',
        [
          ['a', 's', 'h', null],
          ['b', 's2', 'h2', 't'],
        ],
      ]),
    )
    .digest('hex');
  assert.equal(base, expected);
  assert.notEqual(processChecksum('{:format :v3} ', { a, b }), base);
  assert.notEqual(processChecksum('{:format :v3}', { a, b: { ...b, text: undefined } }), base);
  assert.notEqual(processChecksum('{:format :v3}', { a }), base);
  // No ambiguity from moving text between fields.
  assert.notEqual(
    processChecksum('x', { a: { subject: 'ab', html: 'c' } }),
    processChecksum('x', { a: { subject: 'a', html: 'bc' } }),
  );
});
