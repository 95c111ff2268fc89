import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPeriod, parsePeriod } from './index.ts';

test('parses the periods the default processes use', () => {
  for (const iso of [
    'PT5M',
    'PT10M',
    'PT15M',
    'P1D',
    'P2D',
    'P3D',
    'P5D',
    'P6D',
    'P7D',
    'P12D',
    'P14D',
    'P60D',
    'P72D',
    'P75D',
  ]) {
    assert.ok(isPeriod(parsePeriod(iso)), iso);
  }
  assert.deepEqual(parsePeriod('P1Y2M3W4DT5H6M7.5S'), {
    iso: 'P1Y2M3W4DT5H6M7.5S',
    years: 1,
    months: 2,
    weeks: 3,
    days: 4,
    hours: 5,
    minutes: 6,
    seconds: 7.5,
  });
  const zero = parsePeriod('P0D');
  assert.ok(isPeriod(zero) && zero.days === 0);
});

test('rejects what is not an ISO-8601 duration', () => {
  for (const bad of [
    '',
    'P',
    'PT',
    'P1DT',
    '6D',
    'P-1D',
    'P1.5D',
    'p1d',
    'P1H',
    'PT1D',
    'P1D ',
    'P1M1Y',
  ]) {
    const p = parsePeriod(bad);
    assert.ok(!isPeriod(p), `accepted ${JSON.stringify(bad)}`);
    assert.match(p.error, /not an ISO-8601 duration/);
  }
});
