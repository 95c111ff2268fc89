// Transaction process versions and aliases per marketplace (domain.md §1.9). Validation of the
// process itself lives in the process engine (src/process-engine/registry), which calls
// createProcessVersion only with a definition that passed checkProcess.
export type {
  ProcessAlias,
  ProcessSummary,
  ProcessTemplate,
  ProcessTemplates,
  ProcessVersion,
  ProcessVersionSummary,
} from './processes.ts';
export { NAME_RE as PROCESS_NAME_RE, parseAliasRef, processChecksum } from './processes.ts';
export { createProcessVersion, type CreateProcessVersionInput } from './create-process-version.ts';
export {
  findProcessVersion,
  findProcessVersionByAlias,
  pullProcessVersion,
  resolveAliasVersion,
} from './find-process-version.ts';
export { listProcesses, listProcessVersions } from './list-processes.ts';
export {
  createProcessAlias,
  deleteProcessAlias,
  updateProcessAlias,
} from './manage-process-aliases.ts';
