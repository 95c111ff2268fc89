// `process_transitions/query` (catalogue §3.5 M40, §5.14): the transitions a client may consider
// next — from a transaction's current state, or of a process alias (its initial transitions, or
// those following `lastTransition`) — with their actor, actions and parameters.
import { createHash } from 'node:crypto';
import { badRequest, conflict } from '../../domain/errors.ts';
import { showTransaction, type TransactionReader } from '../../domain/transactions/index.ts';
import type { Executor } from '../../store/db.ts';
import { findTransition, initialTransitions, transitionActor, transitionsFrom, type TransitionDef } from '../definition/index.ts';
import { loadProcessByAlias, loadProcessVersion, type LoadedProcess } from '../registry/index.ts';
import { actionNamesOf, transitionParams } from './transition-params.ts';

/** A transition as the `processTransition` resource shows it. */
export interface ProcessTransition {
  /** Stable per process version and transition (a name-based UUID). */
  readonly id: string;
  readonly name: string;
  readonly actor: string[];
  readonly actions: string[];
  readonly params: { req: Record<string, string>; opt: Record<string, string> | null };
}

/** A deterministic UUID (version 5 layout) from a name, so a transition keeps its id across calls. */
function nameUuid(name: string): string {
  const h = createHash('sha1').update(name).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function toProcessTransition(process: LoadedProcess, marketplaceId: string, t: TransitionDef): ProcessTransition {
  const { req, opt } = transitionParams(t);
  return {
    id: nameUuid(`${marketplaceId}/${process.name}/${process.version}/${t.name}`),
    name: t.name,
    actor: [transitionActor(t)],
    actions: actionNamesOf(t),
    params: { req, opt: Object.keys(opt).length > 0 ? opt : null },
  };
}

/**
 * The transitions available from a transaction's state (a party's or an operator's transaction), or
 * of a process alias. Throws bad-request (neither or both of transactionId/processAlias, or an
 * unknown lastTransition), not-found / forbidden (transaction), conflict `transaction-unknown-alias`.
 */
export async function queryProcessTransitions(
  db: Executor,
  input: { marketplaceId: string; reader: TransactionReader; transactionId?: string | undefined; processAlias?: string | undefined; lastTransition?: string | undefined },
): Promise<ProcessTransition[]> {
  const { marketplaceId } = input;
  if ((input.transactionId === undefined) === (input.processAlias === undefined)) {
    throw badRequest('validation-invalid-params', 'Give exactly one of transactionId and processAlias.', { type: 'query', path: ['transactionId'] });
  }
  if (input.transactionId !== undefined) {
    const { transaction: tx } = await showTransaction(db, { marketplaceId, reader: input.reader, id: input.transactionId });
    const process = await loadProcessVersion(db, marketplaceId, tx.processName, tx.processVersion);
    if (!process) throw new Error(`transaction ${tx.id}: process ${tx.processName} version ${tx.processVersion} is missing`);
    return transitionsFrom(process.definition, tx.state).map((t) => toProcessTransition(process, marketplaceId, t));
  }
  const alias = input.processAlias ?? '';
  const process = await loadProcessByAlias(db, marketplaceId, alias);
  if (!process) throw conflict('transaction-unknown-alias', `No process alias ${alias} in this marketplace.`);
  if (input.lastTransition === undefined) {
    return initialTransitions(process.definition).map((t) => toProcessTransition(process, marketplaceId, t));
  }
  const last = findTransition(process.definition, input.lastTransition);
  if (!last) {
    throw badRequest('validation-invalid-value', `Process ${process.name} has no transition ${input.lastTransition}.`, { type: 'query', path: ['lastTransition'] });
  }
  return transitionsFrom(process.definition, last.to).map((t) => toProcessTransition(process, marketplaceId, t));
}
