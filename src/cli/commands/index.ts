/**
 * The command table. To add commands, add a group file beside this one and list it here; help
 * and argument parsing come from the declarations.
 */
import type { CommandEntry } from '../command.ts';
import { appCommands } from './app.ts';
import { assetsCommands } from './assets.ts';
import { loginAsCommand } from './login-as.ts';
import { marketplaceCommands } from './marketplace.ts';
import { migrateCommand, startCommand, workerCommand } from './server.ts';
import { searchSchemaCommands } from './search-schema.ts';
import { idpCommands } from './idp.ts';
import { processCommands } from './process.ts';

export const commands: readonly CommandEntry[] = [
  startCommand,
  workerCommand,
  migrateCommand,
  marketplaceCommands,
  appCommands,
  loginAsCommand,
  assetsCommands,
  searchSchemaCommands,
  idpCommands,
  processCommands,
];
