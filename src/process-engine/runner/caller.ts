// Who runs a transition (domain §1.4, §1.5): a party through the Marketplace API, an operator
// through the Integration API, or the system when a timer fires. Decides which transitions may be
// run, whether privileged ones may, and the source and audit data of the events.
import type { AuditData, EventSource } from '../../domain/events/index.ts';

/** A marketplace user (customer or provider of the transaction), through the Marketplace API. */
export interface UserCaller {
  readonly kind: 'user';
  readonly userId: string;
  /** A trusted:user token (token exchange): privileged transitions allowed. */
  readonly trusted: boolean;
  readonly clientId: string;
  readonly requestId: string | null;
}

/** An operator, through the Integration API (always a trusted context). */
export interface OperatorCaller {
  readonly kind: 'operator';
  readonly clientId: string;
  readonly requestId: string | null;
}

/** The engine itself, running a delayed transition. */
export interface SystemCaller {
  readonly kind: 'system';
}

export type TransitionCaller = UserCaller | OperatorCaller | SystemCaller;

/** The source of the transaction's own event: the API it came through, or the engine. */
export function eventSourceOf(caller: TransitionCaller): EventSource {
  switch (caller.kind) {
    case 'user':
      return 'source/marketplace-api';
    case 'operator':
      return 'source/integration-api';
    case 'system':
      return 'source/transaction';
  }
}

/** Audit data of the caller's events. */
export function auditDataOf(caller: TransitionCaller): AuditData {
  switch (caller.kind) {
    case 'user':
      return { userId: caller.userId, adminId: null, requestId: caller.requestId, clientId: caller.clientId };
    case 'operator':
      return { userId: null, adminId: null, requestId: caller.requestId, clientId: caller.clientId };
    case 'system':
      return { userId: null, adminId: null, requestId: null, clientId: null };
  }
}
