/**
 * The process entry behind `bazaar start` and `bazaar worker`: read config, open the database
 * (embedded PGlite under the data folder, or DATABASE_URL), migrate, bootstrap, build the app,
 * listen, run the job loop, and shut everything down cleanly on SIGINT/SIGTERM.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { bootstrapInstance, MIN_ADMIN_KEY_LENGTH, type BootstrapResult } from './domain/admin/index.ts';
import { startWorker, type JobHandlers, type Worker } from './jobs/worker.ts';
import { buildJobHandlers } from './jobs/handlers.ts';
import { createMailer } from './domain/email/index.ts';
import { createPaymentsDeps, type PaymentsDeps } from './domain/payments/index.ts';
import { installDefaultProcesses } from './process-engine/registry/index.ts';
import { rebuildSearchIndexes } from './domain/search-schemas/index.ts';
import type { Clock } from './lib/clock.ts';
import type { Db } from './store/db.ts';
import { systemClock } from './lib/clock.ts';
import { acquireDataDirLock, type DataDirLock } from './store/data-dir-lock.ts';
import { connectPostgres, openPglite, type DbHandle } from './store/db.ts';
import { migrateToLatest } from './store/migrate.ts';

/** An open database plus, for embedded PGlite, the data-folder lock that guards it. */
export interface OpenedDatabase {
  handle: DbHandle;
  close(): Promise<void>;
}

/**
 * Opens the configured database. For embedded PGlite it first takes the data-folder lock
 * (throws DataDirLockedError while another process holds it).
 */
export async function openDatabase(config: Config, purpose: string): Promise<OpenedDatabase> {
  if (config.databaseUrl !== undefined) {
    const handle = connectPostgres(config.databaseUrl);
    return { handle, close: () => handle.close() };
  }
  const lock: DataDirLock = acquireDataDirLock(config.dataDir, purpose);
  try {
    const handle = await openPglite(config.dataDir);
    return {
      handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}

export interface RunningServer {
  app: FastifyInstance;
  /** The URL clients use (the bound port when PORT=0). */
  url: string;
  bootstrap: BootstrapResult;
  stop(): Promise<void>;
}

/** Opens, migrates and bootstraps the database, then listens and starts the job loop. */
export async function startServer(config: Config): Promise<RunningServer> {
  if (config.adminKey !== undefined && config.adminKey.length < MIN_ADMIN_KEY_LENGTH) {
    throw new ConfigError(`BAZAAR_ADMIN_KEY must be at least ${MIN_ADMIN_KEY_LENGTH} characters.`);
  }
  const db = await openDatabase(config, 'server');
  let app: FastifyInstance | undefined;
  try {
    await migrateToLatest(db.handle.db);
    // Transaction search schemas set before the transactions table existed get their indexes (idempotent).
    await rebuildSearchIndexes(db.handle.db, 'transaction');
    const bootstrap = await db.handle.db
      .transaction()
      .execute((trx) => bootstrapInstance(trx, { adminKey: config.adminKey }));
    // Bazaar's own processes (processes/) in the dev marketplace, aliased release-1; idempotent.
    if (bootstrap.marketplace !== undefined) {
      await installDefaultProcesses(db.handle.db, { marketplaceSlug: bootstrap.marketplace.slug, now: systemClock.now() });
    }
    const payments = paymentsDepsOf(config);
    const started = await buildApp({ config, db: db.handle.db, clock: systemClock, payments });
    app = started;
    await started.listen({ host: config.host, port: config.port });
    const address = started.server.address();
    const url =
      config.port === 0 && address !== null && typeof address === 'object'
        ? config.publicUrl.replace(/:0$/, `:${address.port}`)
        : config.publicUrl;
    const worker: Worker = startWorker({
      db: db.handle.db,
      clock: systemClock,
      logger: started.log,
      handlers: appJobHandlers(config, db.handle.db, systemClock, payments),
    });
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> =>
      (stopping ??= (async () => {
        await worker.stop();
        await started.close();
        await db.close();
      })());
    return { app: started, url, bootstrap, stop };
  } catch (err) {
    await app?.close();
    await db.close();
    throw err;
  }
}

/**
 * Payment provider settings of this process (the server and the worker use the same): the secrets
 * key seals Stripe keys written through the Admin API and opens them for the provider calls.
 */
function paymentsDepsOf(config: Config): PaymentsDeps {
  return createPaymentsDeps({ clock: systemClock, publicUrl: config.publicUrl, ...(config.secretsKey !== undefined ? { secretsKey: config.secretsKey } : {}) });
}

/** The job handlers of this process (same for `start` and `worker`). */
function appJobHandlers(config: Config, db: Db, clock: Clock, payments: PaymentsDeps): JobHandlers {
  return buildJobHandlers({ config, db, clock, mailer: createMailer(config), payments });
}

/** Resolves at the first SIGINT or SIGTERM; a second one ends the process at once. */
export function waitForShutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * `bazaar start`: runs the server until a signal. `onReady` receives the URL and what bootstrap
 * found or created (the CLI prints it). Returns the exit code.
 */
export async function serve(opts: {
  env: NodeJS.ProcessEnv | undefined;
  onReady: (server: RunningServer) => void;
}): Promise<number> {
  const config = loadConfig(opts.env);
  const server = await startServer(config);
  opts.onReady(server);
  const signal = await waitForShutdownSignal();
  server.app.log.info({ signal }, 'shutting down');
  await server.stop();
  return 0;
}

/** `bazaar worker`: the job loop alone, until a signal. Returns the exit code. */
export async function runWorker(opts: { env: NodeJS.ProcessEnv | undefined; onReady: () => void }): Promise<number> {
  const config = loadConfig(opts.env);
  const logger = pino({ level: config.logLevel });
  const db = await openDatabase(config, 'worker');
  try {
    await migrateToLatest(db.handle.db);
    const worker = startWorker({
      db: db.handle.db,
      clock: systemClock,
      logger,
      handlers: appJobHandlers(config, db.handle.db, systemClock, paymentsDepsOf(config)),
    });
    opts.onReady();
    const signal = await waitForShutdownSignal();
    logger.info({ signal }, 'worker shutting down');
    await worker.stop();
  } finally {
    await db.close();
  }
  return 0;
}

/** `bazaar migrate`: applies pending migrations with direct database access. Returns their names. */
export async function migrate(opts: { env: NodeJS.ProcessEnv | undefined }): Promise<{ applied: string[]; target: string }> {
  const config = loadConfig(opts.env);
  const db = await openDatabase(config, 'migrate');
  try {
    const applied = await migrateToLatest(db.handle.db);
    return { applied, target: config.databaseUrl === undefined ? config.dataDir : 'DATABASE_URL' };
  } finally {
    await db.close();
  }
}
