import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalBlobStore, isBlobKey } from '../../src/domain/images/index.ts';

test('local blob store: put, get, replace, delete', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bazaar-blobs-'));
  try {
    const blobs = createLocalBlobStore(dir);
    const bytes = Buffer.from([0, 10, 13, 255, 10, 10]);
    await blobs.put('images/m/i/original', bytes, 'image/png');
    assert.deepEqual(await blobs.get('images/m/i/original'), { bytes, contentType: 'image/png' });
    await blobs.put('images/m/i/original', Buffer.from('new'), 'image/jpeg');
    assert.deepEqual(await blobs.get('images/m/i/original'), {
      bytes: Buffer.from('new'),
      contentType: 'image/jpeg',
    });
    assert.equal(await blobs.get('images/m/i/missing'), undefined);
    assert.equal(await blobs.get('images/m'), undefined, 'a folder is not a blob');
    // No temporary files are left behind.
    assert.deepEqual(await readdir(join(dir, 'images/m/i')), ['original']);
    await blobs.delete('images/m/i/original');
    await blobs.delete('images/m/i/original');
    assert.equal(await blobs.get('images/m/i/original'), undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('blob keys cannot leave the store folder', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bazaar-blobs-'));
  try {
    const blobs = createLocalBlobStore(join(dir, 'root'));
    for (const key of [
      '../x',
      'a/../../x',
      '/etc/passwd',
      'a//b',
      'a/./b',
      '.',
      '..',
      'a\\..\\b',
      'a/b/',
      '',
      'a/b.tmp',
      'a b',
      'a/%2e%2e',
    ]) {
      assert.equal(isBlobKey(key), false, key);
      await assert.rejects(blobs.put(key, Buffer.from('x'), 'text/plain'), /invalid blob key/, key);
      await assert.rejects(blobs.get(key), /invalid blob key/, key);
    }
    assert.deepEqual(await readdir(dir), []);
    await assert.rejects(
      blobs.put('ok', Buffer.from('x'), 'text/plain\nX: y'),
      /invalid content type/,
    );
    assert.equal(isBlobKey('images/0b8e.f/variants/240x240-crop'), true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
