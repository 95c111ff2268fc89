/**
 * `bazaar process …`: the real binary as a child process against a test server (push of a fixture
 * by path, pull to a directory, an invalid push failing with exit code 1) and, for the remaining
 * cases, the same CLI entry (`main(argv)`) in this process — push ("No changes"), the three fixture
 * processes pushed unchanged, list, pull by version and alias (files byte for byte, --force),
 * create/update/delete alias, help, and argument errors with exit code 2.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/index.ts';
import { createAdminKey } from '../../src/domain/admin/index.ts';
import { startTestServer, type TestServer } from '../support/app.ts';
import { createTestMarketplace } from '../support/factories.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'bazaar.js');
const FIXTURES = resolve(ROOT, '../shared/fixtures/processes');

let server: TestServer;
let env: Record<string, string>;
let mp: string;
const temps: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bazaar-process-cli-'));
  temps.push(dir);
  return dir;
};

before(async () => {
  server = await startTestServer();
  const key = (
    await server.handle.db.transaction().execute((trx) => createAdminKey(trx, { name: 'cli' }))
  ).key;
  env = { BAZAAR_URL: server.baseUrl, BAZAAR_ADMIN_KEY: key };
  mp = (await createTestMarketplace(server.handle.db, 'CLI processes')).marketplace.slug;
});
after(async () => {
  await server.close();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function run(
  args: string[],
  extraEnv: Record<string, string> = env,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
    if (!('BAZAAR_ADMIN_KEY' in extraEnv)) delete childEnv.BAZAAR_ADMIN_KEY;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * The same CLI in this process (`main(argv)` with captured output): for argument errors and help,
 * where a child process would only add seconds per case on a loaded machine.
 */
async function runHere(
  args: string[],
  extraEnv: Record<string, string> = env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = {
    out: (t: string) => void (stdout += `${t}\n`),
    err: (t: string) => void (stderr += `${t}\n`),
  };
  const code = await main(args, { out, env: { ...extraEnv } });
  return { code, stdout, stderr };
}

/** Every file under dir by relative path → content. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = join(dir, rel);
    if (existsSync(full) && readdirSync(dir, { withFileTypes: true }) && !isDir(full))
      out[rel] = readFileSync(full, 'utf8');
  }
  return out;
}
const isDir = (p: string): boolean => {
  try {
    readdirSync(p);
    return true;
  } catch {
    return false;
  }
};

// Child processes take seconds each on a loaded machine: generous per-test timeouts.
describe('bazaar process', { timeout: 300_000 }, () => {
  test('help lists the commands; each has --help with the platform CLI flags', async () => {
    const group = await runHere(['process', '--help']);
    assert.equal(group.code, 0);
    for (const c of ['push', 'list', 'pull', 'create-alias', 'update-alias', 'delete-alias'])
      assert.match(group.stdout, new RegExp(`\\b${c}\\b`));
    const push = await runHere(['process', 'push', '--help']);
    assert.equal(push.code, 0);
    assert.match(push.stdout, /--marketplace SLUG --process PROCESS_NAME --path LOCAL_PROCESS_DIR/);
    const pull = await runHere(['process', 'pull', '--help']);
    assert.match(
      pull.stdout,
      /\[--version VERSION\] \[--alias ALIAS\] --path LOCAL_PROCESS_DIR \[--force\]/,
    );
    for (const c of ['create-alias', 'update-alias']) {
      const alias = await runHere(['process', c, '--help']);
      assert.equal(alias.code, 0);
      assert.match(alias.stdout, /--process PROCESS_NAME --version VERSION --alias ALIAS/);
    }
    const list = await runHere(['process', 'list', '--help']);
    assert.match(list.stdout, /--marketplace SLUG \[--process PROCESS_NAME\]/);
    const root = await runHere(['--help']);
    assert.match(root.stdout, /process push/);
  });

  test('the three fixture processes push by path, unchanged; a second push reports no changes', async () => {
    // The real binary for the first; the same CLI in this process for the others (a child process
    // costs seconds on a loaded machine, and a test file has two minutes).
    for (const name of ['default-booking', 'default-purchase', 'default-inquiry']) {
      const cli = name === 'default-booking' ? run : runHere;
      const pushed = await cli([
        'process',
        'push',
        '--marketplace',
        mp,
        '--process',
        name,
        '--path',
        join(FIXTURES, name),
      ]);
      assert.equal(pushed.code, 0, pushed.stderr);
      assert.equal(pushed.stdout.trim(), `Version 1 successfully saved for process ${name}.`);
      assert.equal(pushed.stderr, '');
    }
    const again = await runHere([
      'process',
      'push',
      '--marketplace',
      mp,
      '--process',
      'default-inquiry',
      '--path',
      join(FIXTURES, 'default-inquiry'),
    ]);
    assert.equal(again.code, 0);
    assert.equal(again.stdout.trim(), 'No changes: process default-inquiry stays at version 1.');
  });

  test('list, aliases and pull round-trip a process directory', async () => {
    const src = tempDir();
    cpSync(join(ROOT, 'processes', 'bazaar-inquiry'), src, { recursive: true });
    assert.equal(
      (await runHere(['process', 'push', '--marketplace', mp, '--process', 'mine', '--path', src]))
        .code,
      0,
    );
    writeFileSync(
      join(src, 'templates', 'inquiry-new-inquiry', 'inquiry-new-inquiry-text.txt'),
      'Plain text',
    );
    const v2 = await runHere([
      'process',
      'push',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--path',
      src,
    ]);
    assert.equal(v2.stdout.trim(), 'Version 2 successfully saved for process mine.');

    const created = await runHere([
      'process',
      'create-alias',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--version',
      '1',
      '--alias',
      'release-1',
    ]);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'Alias mine/release-1 successfully created (version 1).');

    const list = await runHere(['process', 'list', '--marketplace', mp]);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^NAME\s+LATEST VERSION\s+ALIASES$/m);
    assert.match(list.stdout, /^mine\s+2\s+mine\/release-1 → 1$/m);
    assert.match(list.stdout, /^default-booking\s+1\s*$/m);

    const versions = await runHere([
      'process',
      'list',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--json',
    ]);
    const parsed = JSON.parse(versions.stdout) as { version: number; aliases: string[] }[];
    assert.deepEqual(
      parsed.map((v) => [v.version, v.aliases]),
      [
        [2, []],
        [1, ['release-1']],
      ],
    );

    // Pull version 2 into a new directory: exactly the pushed files.
    const out = join(tempDir(), 'pulled');
    const pulled = await run([
      'process',
      'pull',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--version',
      '2',
      '--path',
      out,
    ]);
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.equal(pulled.stdout.trim(), `Saved version 2 of process mine to ${out}.`);
    assert.deepEqual(tree(out), tree(src));

    // Pulling again needs --force; by alias gets version 1, whose templates replace the old ones.
    const refused = await runHere([
      'process',
      'pull',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--alias',
      'release-1',
      '--path',
      out,
    ]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /already a process directory; use --force/);
    const forced = await runHere([
      'process',
      'pull',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--alias',
      'release-1',
      '--path',
      out,
      '--force',
    ]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(
      existsSync(join(out, 'templates', 'inquiry-new-inquiry', 'inquiry-new-inquiry-text.txt')),
      false,
    );
    assert.deepEqual(tree(out), tree(join(ROOT, 'processes', 'bazaar-inquiry')));

    const updated = await runHere([
      'process',
      'update-alias',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--version',
      '2',
      '--alias',
      'release-1',
    ]);
    assert.equal(updated.stdout.trim(), 'Alias mine/release-1 successfully updated (version 2).');
    const deleted = await runHere([
      'process',
      'delete-alias',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--alias',
      'release-1',
    ]);
    assert.equal(deleted.code, 0);
    const gone = await runHere([
      'process',
      'pull',
      '--marketplace',
      mp,
      '--process',
      'mine',
      '--alias',
      'release-1',
      '--path',
      out,
      '--force',
    ]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /404 not-found: No alias mine\/release-1/);
  });

  test('an invalid process fails with every problem listed and stores nothing', async () => {
    const src = tempDir();
    cpSync(join(ROOT, 'processes', 'bazaar-inquiry'), src, { recursive: true });
    const edn = readFileSync(join(src, 'process.edn'), 'utf8').replace(
      ':action/update-protected-data',
      ':action/update-everything',
    );
    writeFileSync(join(src, 'process.edn'), edn);
    rmSync(join(src, 'templates', 'inquiry-new-inquiry', 'inquiry-new-inquiry-subject.txt'));
    const r = await run([
      'process',
      'push',
      '--marketplace',
      mp,
      '--process',
      'broken',
      '--path',
      src,
    ]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /400 process-invalid: Process broken is invalid \(3 problems\); nothing was stored:/,
    );
    assert.match(
      r.stderr,
      /templates\/inquiry-new-inquiry: missing inquiry-new-inquiry-subject\.txt/,
    );
    assert.match(
      r.stderr,
      /transitions\[0\] transition\/inquire :actions\[0\]: unknown action :action\/update-everything/,
    );
    assert.match(
      r.stderr,
      /notifications\[0\] notification\/new-inquiry :template: missing template :inquiry-new-inquiry/,
    );
    const list = await runHere(['process', 'list', '--marketplace', mp, '--process', 'broken']);
    assert.equal(list.code, 1);
    assert.match(list.stderr, /404/);
  });

  test('bad arguments exit 2; a missing directory or a taken alias exit 1 (in process)', async () => {
    const noPath = await runHere(['process', 'push', '--marketplace', mp, '--process', 'x']);
    assert.equal(noPath.code, 2);
    assert.match(noPath.stderr, /Missing required option --path/);
    const both = await runHere([
      'process',
      'pull',
      '--marketplace',
      mp,
      '--process',
      'x',
      '--version',
      '1',
      '--alias',
      'a',
      '--path',
      tempDir(),
    ]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /exactly one of --version or --alias/);
    const neither = await runHere([
      'process',
      'pull',
      '--marketplace',
      mp,
      '--process',
      'x',
      '--path',
      tempDir(),
    ]);
    assert.equal(neither.code, 2);
    const badVersion = await runHere([
      'process',
      'create-alias',
      '--marketplace',
      mp,
      '--process',
      'x',
      '--version',
      'two',
      '--alias',
      'a',
    ]);
    assert.equal(badVersion.code, 2);
    assert.match(badVersion.stderr, /--version must be a positive integer/);

    const missingDir = await runHere([
      'process',
      'push',
      '--marketplace',
      mp,
      '--process',
      'x',
      '--path',
      join(tempDir(), 'nope'),
    ]);
    assert.equal(missingDir.code, 1);
    assert.match(missingDir.stderr, /is not a directory/);
    const notProcess = await runHere([
      'process',
      'push',
      '--marketplace',
      mp,
      '--process',
      'x',
      '--path',
      tempDir(),
    ]);
    assert.equal(notProcess.code, 1);
    assert.match(notProcess.stderr, /is not a process directory: it has no process\.edn/);

    const taken = await runHere([
      'process',
      'create-alias',
      '--marketplace',
      mp,
      '--process',
      'default-booking',
      '--version',
      '1',
      '--alias',
      'dup',
    ]);
    assert.equal(taken.code, 0, taken.stderr);
    const again = await runHere([
      'process',
      'create-alias',
      '--marketplace',
      mp,
      '--process',
      'default-booking',
      '--version',
      '1',
      '--alias',
      'dup',
    ]);
    assert.equal(again.code, 1);
    assert.match(
      again.stderr,
      /409 process-alias-taken: Alias default-booking\/dup already exists/,
    );

    const noKey = await runHere(['process', 'list', '--marketplace', mp], {
      BAZAAR_URL: server.baseUrl,
    });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /BAZAAR_ADMIN_KEY is not set/);
  });
});
