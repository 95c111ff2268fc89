/**
 * The real `bazaar` command as a child process: `start` on a temp data folder and a free port,
 * admin commands against it over HTTP, the data-folder lock, restart, help and failures.
 * PGlite start takes seconds, so the whole file starts a server twice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'bazaar.js');

/** The test process's environment without anything that would point the CLI elsewhere. */
const baseEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'BAZAAR_URL', 'BAZAAR_ADMIN_KEY', 'BAZAAR_DATA_DIR', 'BAZAAR_PUBLIC_URL', 'PORT', 'HOST']) {
    delete env[name];
  }
  return env;
};

const freePort = (): Promise<number> =>
  new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });

const children = new Set<ChildProcess>();

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...baseEnv(), ...env } });
    children.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      children.delete(child);
      done({ code, stdout, stderr });
    });
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  banner: string;
  exited: Promise<number | null>;
}

/** Spawns `bazaar start` and resolves once the whole banner (ending in the SDK snippet) is printed. */
function startServer(dataDir: string, port: number, env: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT,
    env: { ...baseEnv(), BAZAAR_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', ...env },
  });
  children.add(child);
  const exited = new Promise<number | null>((r) =>
    child.once('close', (code) => {
      children.delete(child);
      r(code);
    }),
  );
  return new Promise((done, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in 60 s\n${stdout}\n${stderr}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      const url = /Bazaar is running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url && /sdk\.marketplace\.show/.test(stdout)) {
        clearTimeout(timer);
        done({ child, url, banner: stdout, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}\n${stdout}\n${stderr}`));
    });
  });
}

async function stopServer(server: Server): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

const clientIds = (banner: string): string[] => [...banner.matchAll(/client id (\S+)/g)].map((m) => m[1] ?? '');

const temps: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('help and failures without a server', () => {
  test('--help lists every command; each command has --help', async () => {
    const root = await run(['--help']);
    assert.equal(root.code, 0);
    for (const c of ['start', 'worker', 'migrate', 'marketplace create', 'app create', 'app revoke', 'login-as', 'assets push']) {
      assert.match(root.stdout, new RegExp(c));
    }
    const create = await run(['app', 'create', '--help']);
    assert.equal(create.code, 0);
    assert.match(create.stdout, /--kind KIND/);
    assert.match(create.stdout, /--json/);
    const start = await run(['start', '--help']);
    assert.equal(start.code, 0);
    assert.match(start.stdout, /BAZAAR_DATA_DIR/);
  });

  test('unknown commands and bad arguments exit non-zero with a message', async () => {
    const unknown = await run(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown command "frobnicate"/);
    const unknownSub = await run(['app', 'destroy']);
    assert.equal(unknownSub.code, 2);
    const missing = await run(['app', 'create', '--marketplace', 'dev'], { BAZAAR_ADMIN_KEY: 'k'.repeat(20) });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Missing required option --kind/);
    const badKind = await run(['app', 'create', '--marketplace', 'dev', '--kind', 'admin', '--name', 'x']);
    assert.equal(badKind.code, 2);
    assert.match(badKind.stderr, /--kind must be one of marketplace, integration/);
    const unknownFlag = await run(['marketplace', 'list', '--colour']);
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.stderr, /--colour/);
    const noCommand = await run([]);
    assert.equal(noCommand.code, 2);
  });

  test('an unreachable server or a missing admin key is a clear error', async () => {
    const port = await freePort();
    const down = await run(['marketplace', 'list'], { BAZAAR_URL: `http://127.0.0.1:${port}`, BAZAAR_ADMIN_KEY: 'k'.repeat(20) });
    assert.equal(down.code, 1);
    assert.match(down.stderr, /Cannot reach Bazaar at http:\/\/127\.0\.0\.1:\d+/);
    const noKey = await run(['marketplace', 'list'], { BAZAAR_URL: `http://127.0.0.1:${port}` });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /BAZAAR_ADMIN_KEY is not set/);
  });
});

describe('a server on an embedded data folder', () => {
  let dataDir: string;
  let port: number;
  let server: Server;
  let adminEnv: Record<string, string>;
  let firstIds: string[];

  before(async () => {
    dataDir = join(tempDir('bazaar-cli-'), 'data');
    port = await freePort();
    server = await startServer(dataDir, port);
    const key = /export BAZAAR_ADMIN_KEY=(\S+)/.exec(server.banner)?.[1];
    assert.ok(key, server.banner);
    adminEnv = { BAZAAR_URL: server.url, BAZAAR_ADMIN_KEY: key };
    firstIds = clientIds(server.banner);
  });

  test('the first start prints the URL, the admin key, both apps with secrets and an SDK snippet', () => {
    assert.equal(server.url, `http://127.0.0.1:${port}`);
    assert.equal(firstIds.length, 2);
    assert.equal([...server.banner.matchAll(/client secret \S+/g)].length, 2);
    assert.match(server.banner, /Marketplace "dev" \(Dev marketplace\)/);
    assert.ok(
      server.banner.includes(
        `sharetribeSdk.createInstance({ clientId: '${firstIds[0]}', baseUrl: '${server.url}', assetCdnBaseUrl: '${server.url}' })`,
      ),
    );
  });

  test('migrate and a second server are refused while the server holds the folder', async () => {
    const migrate = await run(['migrate'], { BAZAAR_DATA_DIR: dataDir });
    assert.equal(migrate.code, 1);
    assert.match(migrate.stderr, /in use by a running Bazaar server \(pid \d+\)/);
    const second = await run(['start'], { BAZAAR_DATA_DIR: dataDir, PORT: String(await freePort()) });
    assert.equal(second.code, 1);
    assert.match(second.stderr, /in use by a running Bazaar server/);
  });

  test('marketplace create and list', async () => {
    const created = await run(['marketplace', 'create', '--slug', 'shop', '--name', 'Shop'], adminEnv);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /Created marketplace "shop"/);
    const taken = await run(['marketplace', 'create', '--slug', 'shop', '--name', 'Again'], adminEnv);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /409 marketplace-slug-taken/);
    const list = await run(['marketplace', 'list'], adminEnv);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^dev\s+Dev marketplace/m);
    assert.match(list.stdout, /^shop\s+Shop/m);
  });

  test('app create --json prints exactly clientId and clientSecret; list and revoke', async () => {
    const created = await run(['app', 'create', '--marketplace', 'shop', '--kind', 'marketplace', '--name', 'web', '--json'], adminEnv);
    assert.equal(created.code, 0, created.stderr);
    const parsed: unknown = JSON.parse(created.stdout);
    assert.ok(typeof parsed === 'object' && parsed !== null);
    assert.deepEqual(Object.keys(parsed), ['clientId', 'clientSecret']);
    const { clientId } = parsed as { clientId: string };

    const list = await run(['app', 'list', '--marketplace', 'shop'], adminEnv);
    assert.equal(list.code, 0);
    assert.match(list.stdout, new RegExp(`${clientId}\\s+shop\\s+marketplace\\s+active`));

    const revoked = await run(['app', 'revoke', '--client-id', clientId], adminEnv);
    assert.equal(revoked.code, 0, revoked.stderr);
    const after = await run(['app', 'list', '--json'], adminEnv);
    const apps = JSON.parse(after.stdout) as { clientId: string; revokedAt: string | null }[];
    assert.ok(apps.find((a) => a.clientId === clientId)?.revokedAt);
    assert.ok(firstIds.every((id) => apps.some((a) => a.clientId === id)));
  });

  test('a wrong admin key is refused', async () => {
    const r = await run(['marketplace', 'list'], { ...adminEnv, BAZAAR_ADMIN_KEY: 'not-the-admin-key-at-all' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /401.*Check BAZAAR_ADMIN_KEY/);
  });

  test('assets push publishes every *.json; invalid JSON names the file and publishes nothing', async () => {
    const dir = tempDir('bazaar-assets-');
    mkdirSync(join(dir, 'content'));
    writeFileSync(join(dir, 'content', 'translations.json'), JSON.stringify({ 'Topbar.logoIcon': 'Shop' }));
    writeFileSync(join(dir, 'README.md'), 'not an asset');
    const pushed = await run(['assets', 'push', '--marketplace', 'shop', dir], adminEnv);
    assert.equal(pushed.code, 0, pushed.stderr);
    const version = pushed.stdout.trim();
    assert.match(version, /^\S+$/);
    assert.match(pushed.stderr, /Published 1 file/);
    const res = await fetch(`${server.url}/v1/admin/marketplaces`, { headers: { authorization: `Bearer ${adminEnv.BAZAAR_ADMIN_KEY}` } });
    assert.equal(res.status, 200);

    writeFileSync(join(dir, 'content', 'broken.json'), '{ "a": ');
    const broken = await run(['assets', 'push', '--marketplace', 'shop', dir], adminEnv);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /Invalid JSON in .*content[/\\]broken\.json/);
    assert.match(broken.stderr, /Nothing published/);

    const missingDir = await run(['assets', 'push', '--marketplace', 'shop', join(dir, 'nope')], adminEnv);
    assert.equal(missingDir.code, 1);
    const noDir = await run(['assets', 'push', '--marketplace', 'shop'], adminEnv);
    assert.equal(noDir.code, 2);
    assert.match(noDir.stderr, /Missing argument DIR/);
  });

  test('SIGTERM stops cleanly; migrate then works; a restart keeps the data and prints the same ids', async () => {
    assert.equal(await stopServer(server), 0);
    assert.equal(existsSync(join(dataDir, 'bazaar.lock')), false);

    const migrate = await run(['migrate'], { BAZAAR_DATA_DIR: dataDir });
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.match(migrate.stdout, /up to date/);

    server = await startServer(dataDir, port);
    assert.deepEqual(clientIds(server.banner), firstIds);
    assert.doesNotMatch(server.banner, /client secret/);
    assert.doesNotMatch(server.banner, /bzk_/);
    assert.match(server.banner, /shown at first start/);
    const list = await run(['marketplace', 'list'], adminEnv);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /^shop\s+Shop/m);
    assert.equal(await stopServer(server), 0);
  });
});
