import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from '../../src/store/data-dir-lock.ts';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bazaar-lock-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('a held lock refuses a second holder and names the owner; release frees it', () => {
  const dir = tempDir();
  const lock = acquireDataDirLock(dir, 'server');
  assert.throws(
    () => acquireDataDirLock(dir, 'migrate'),
    (e: unknown) => e instanceof DataDirLockedError && e.owner.pid === process.pid && /running Bazaar server/.test(e.message),
  );
  lock.release();
  assert.equal(existsSync(join(dir, LOCK_FILE_NAME)), false);
  acquireDataDirLock(dir, 'migrate').release();
});

test('a lock left by a dead process is stale and taken over', () => {
  const dir = tempDir();
  // A pid that certainly existed and has exited: a finished child process.
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  assert.ok(dead !== undefined);
  writeFileSync(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: dead, purpose: 'server', startedAt: '' }));
  const lock = acquireDataDirLock(dir, 'server');
  lock.release();
});

test('an unreadable lock file is treated as stale', () => {
  const dir = tempDir();
  writeFileSync(join(dir, LOCK_FILE_NAME), 'garbage');
  acquireDataDirLock(dir, 'server').release();
});
