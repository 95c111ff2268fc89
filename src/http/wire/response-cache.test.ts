import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResponseCache, type EncodedBody } from './response-cache.ts';

const body = (text: string): EncodedBody => ({ contentType: 'text/plain', body: Buffer.from(text) });

test('a key is built once and then served from memory', async () => {
  const cache = new ResponseCache(10_000);
  let builds = 0;
  const build = async () => body(`answer ${++builds}`);
  assert.equal((await cache.get('k', build)).body.toString(), 'answer 1');
  assert.equal((await cache.get('k', build)).body.toString(), 'answer 1');
  assert.equal((await cache.get('other', build)).body.toString(), 'answer 2');
  assert.equal(builds, 2);
});

test('concurrent misses share one build; a failed build is not kept', async () => {
  const cache = new ResponseCache(10_000);
  let builds = 0;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = async () => {
    builds++;
    await gate;
    return body('slow');
  };
  const both = Promise.all([cache.get('k', slow), cache.get('k', slow)]);
  release();
  assert.deepEqual(
    (await both).map((b) => b.body.toString()),
    ['slow', 'slow'],
  );
  assert.equal(builds, 1);

  await assert.rejects(cache.get('bad', async () => Promise.reject(new Error('db down'))), /db down/);
  assert.equal((await cache.get('bad', async () => body('recovered'))).body.toString(), 'recovered');
});

test('the least recently used bodies go first when over the byte budget; huge ones are not kept', async () => {
  // Each entry costs its body (8 bytes), its key (1 character, 2 bytes) and 256 bytes of
  // bookkeeping: 266; four fit in 1100.
  const cache = new ResponseCache(1100);
  const eight = (c: string) => async () => body(c.repeat(8));
  for (const k of ['a', 'b', 'c', 'd']) await cache.get(k, eight(k));
  assert.deepEqual(cache.stats(), { entries: 4, bytes: 1064 });
  await cache.get('a', eight('x')); // touch a: b is now the oldest
  await cache.get('e', eight('e')); // 1330 bytes > 1100: b goes
  assert.deepEqual(cache.stats(), { entries: 4, bytes: 1064 });
  assert.equal((await cache.get('a', eight('y'))).body.toString(), 'aaaaaaaa');
  assert.equal((await cache.get('b', eight('z'))).body.toString(), 'zzzzzzzz');

  const big = new ResponseCache(2000);
  assert.equal((await big.get('k', async () => body('x'.repeat(300)))).body.length, 300);
  assert.deepEqual(big.stats(), { entries: 0, bytes: 0 });
});
