// The process registry (domain.md §1.9): validates a pushed process with the definition module and
// stores it through domain/processes; loads stored versions for the engine, parsed and cached.
//
// The transition runner calls:
//   loadProcessByAlias(db, marketplaceId, 'name/alias') at initiation → {name, version, definition,
//   templates}; store name + version on the transaction; later loadProcessVersion(db, …, name,
//   version) for every transition, timer and notification of it.
export {
  pushProcess,
  inTransaction,
  type PushProcessInput,
  type PushProcessResult,
} from './push-process.ts';
export { loadProcessByAlias, loadProcessVersion } from './load-process.ts';
export type { LoadedProcess } from './process-cache.ts';
export { validatePush, processInvalidError, type ValidatedPush } from './validate-push.ts';
export {
  ProcessDirectoryError,
  readProcessDirectory,
  templateFileNames,
  type ProcessFiles,
  type TemplateFiles,
} from './process-directory.ts';
export {
  DEFAULT_ALIAS,
  DEFAULT_PROCESSES_DIR,
  defaultProcessNames,
  installDefaultProcesses,
} from './install-default-processes.ts';
// Listing, pull and aliases need no engine knowledge: they are domain/processes use cases,
// re-exported so the engine and the app have one entry point for processes.
export {
  createProcessAlias,
  deleteProcessAlias,
  listProcesses,
  listProcessVersions,
  pullProcessVersion,
  updateProcessAlias,
} from '../../domain/processes/index.ts';
