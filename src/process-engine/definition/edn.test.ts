import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EdnSyntaxError, formatEdn, isKeyword, isMap, keywordEntries, readEdn } from './edn.ts';

test('keywords, strings and symbols stay distinct; maps keep order and duplicates', () => {
  const v = readEdn('{:a :kw, :b "kw", :c kw, :a 2} ; trailing comment');
  assert.ok(isMap(v));
  assert.deepEqual(
    v.entries.map(([, val]) => val),
    [{ type: 'keyword', name: 'kw' }, 'kw', { type: 'symbol', name: 'kw' }, 2],
  );
  const { values, duplicateKeys } = keywordEntries(v);
  assert.deepEqual([...values.keys()], ['a', 'b', 'c']);
  assert.deepEqual(duplicateKeys, ['a']);
  assert.ok(isKeyword(values.get('a'), 'kw'));
});

test('rich values: nil, decimals, bigints, lists, sets, tagged values', () => {
  const v = readEdn('[nil true 0.1M 10N (1 2) #{:x} #inst "2024-01-01T00:00:00Z" #custom 1]');
  assert.equal(
    formatEdn(v),
    '[nil true 0.1 10N (1 2) #{:x} #inst "2024-01-01T00:00:00.000Z" #custom 1]',
  );
});

test('rejects truncated input, several forms and nothing', () => {
  assert.throws(() => readEdn('{:a 1'), EdnSyntaxError);
  assert.throws(() => readEdn('"open'), EdnSyntaxError);
  assert.throws(() => readEdn('{:a 1} {:b 2}'), /found 2/);
  assert.throws(() => readEdn('  ; only a comment'), /found 0/);
});
