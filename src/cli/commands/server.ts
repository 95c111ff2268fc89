/** Commands that run Bazaar itself or touch its database directly: start, worker, migrate. */
import type { Command } from '../command.ts';
import { formatStartBanner } from '../start-banner.ts';

/**
 * The server entry, loaded only by these commands: it pulls in the whole app, which the admin
 * commands (plain HTTP clients) do not need, so they start faster without it.
 */
const loadMain = () => import('../../main.ts');

export const startCommand: Command = {
  kind: 'command',
  name: 'start',
  summary: 'Start the server: migrate, bootstrap an empty database, listen, run the job loop',
  description: [
    'Configuration comes from the environment: PORT (3500), HOST (127.0.0.1), DATABASE_URL',
    '(a PostgreSQL server; otherwise embedded PGlite under BAZAAR_DATA_DIR, default ./data),',
    'BAZAAR_ADMIN_KEY (the admin key to create on an empty database; else one is generated).',
    "Every start installs Bazaar's own processes (processes/) in the dev marketplace with alias",
    'release-1 when it has no process of that name yet.',
    'Stops cleanly on Ctrl-C (SIGINT) or SIGTERM.',
  ].join('\n'),
  options: {},
  run: async (_args, ctx) => {
    const { serve } = await loadMain();
    return serve({
      env: ctx.env,
      onReady: (server) => ctx.out.out(formatStartBanner(server.url, server.bootstrap)),
    });
  },
};

export const workerCommand: Command = {
  kind: 'command',
  name: 'worker',
  summary: 'Run the job loop alone (for extra worker processes next to the servers)',
  options: {},
  run: async (_args, ctx) => {
    const { runWorker } = await loadMain();
    return runWorker({
      env: ctx.env,
      onReady: () => ctx.out.out('Bazaar worker running; Ctrl-C stops it.'),
    });
  },
};

export const migrateCommand: Command = {
  kind: 'command',
  name: 'migrate',
  summary: 'Apply pending database migrations (direct database access)',
  description:
    'With embedded PGlite this needs the data folder to itself: it refuses while a server uses it\n' +
    '(`bazaar start` migrates on its own anyway).',
  options: {},
  run: async (_args, ctx) => {
    const { migrate } = await loadMain();
    const { applied, target } = await migrate({ env: ctx.env });
    ctx.out.out(
      applied.length === 0
        ? `Database ${target} is up to date.`
        : `Applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`,
    );
    return 0;
  },
};
