/**
 * `bazaar start` (startServer) installs Bazaar's default processes in the dev marketplace with
 * alias release-1, and a restart on the same data folder changes nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/main.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-bootstrap-processes-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const ADMIN_KEY = 'bootstrap-processes-admin-key-0123456789';
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  BAZAAR_DATA_DIR: dataDir,
  BAZAAR_ADMIN_KEY: ADMIN_KEY,
});

interface Summary {
  name: string;
  latestVersion: number;
  aliases: { alias: string; version: number }[];
}

async function devProcesses(url: string): Promise<Summary[]> {
  const res = await fetch(`${url}/v1/admin/processes?marketplace=dev`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: Summary[] }).data;
}

const shape = (list: Summary[]) =>
  list.map((p) => [p.name, p.latestVersion, p.aliases.map((a) => `${a.alias}→${a.version}`)]);

test(
  'the dev marketplace gets the default processes once, across restarts',
  { timeout: 300_000 },
  async () => {
    const expected = [
      ['bazaar-booking', 1, ['release-1→1']],
      ['bazaar-inquiry', 1, ['release-1→1']],
      ['bazaar-purchase', 1, ['release-1→1']],
    ];
    const first = await startServer(config);
    try {
      assert.deepEqual(shape(await devProcesses(first.url)), expected);
    } finally {
      await first.stop();
    }
    const second = await startServer(config);
    try {
      assert.deepEqual(shape(await devProcesses(second.url)), expected);
    } finally {
      await second.stop();
    }
  },
);
