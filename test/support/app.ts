/**
 * A real Bazaar server for tests: built with buildApp on the test database, listening on
 * 127.0.0.1 with a random port, stopped by close().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Mailer } from '../../src/domain/email/index.ts';
import type { IdpDeps } from '../../src/domain/idp/index.ts';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { systemClock, type Clock, type FakeClock } from '../../src/lib/clock.ts';
import type { DbHandle } from '../../src/store/db.ts';
import { openTestDb } from './db.ts';

export interface TestServer {
  app: FastifyInstance;
  handle: DbHandle;
  config: Config;
  clock: Clock;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Environment overrides (e.g. BAZAAR_ACCESS_TOKEN_TTL). */
  env?: Record<string, string>;
  clock?: Clock | FakeClock;
  /** Reuse an open database instead of opening one. */
  handle?: DbHandle;
  /** Skip listen() (tests that only use app.inject). */
  listen?: boolean;
  /** Outgoing mail (default: .eml files in the server's temporary data folder). */
  mailer?: Mailer;
  idp?: IdpDeps;
}

export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const handle = opts.handle ?? (await openTestDb());
  // Each server gets its own data folder (mail, blobs), removed on close.
  const dataDir = mkdtempSync(join(tmpdir(), 'bazaar-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', BAZAAR_DATA_DIR: dataDir, ...opts.env });
  const clock = opts.clock ?? systemClock;
  const app = await buildApp({
    config,
    db: handle.db,
    clock,
    logger: false,
    ...(opts.mailer ? { mailer: opts.mailer } : {}),
    ...(opts.idp ? { idp: opts.idp } : {}),
  });
  let baseUrl = '';
  if (opts.listen !== false) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('server did not bind a port');
    baseUrl = `http://127.0.0.1:${address.port}`;
  } else {
    await app.ready();
  }
  return {
    app,
    handle,
    config,
    clock,
    baseUrl,
    close: async () => {
      await app.close();
      if (!opts.handle) await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
