/** Sends the account emails a user command returned, after its transaction committed. */
import type { FastifyRequest } from 'fastify';
import type { SurfaceDeps } from '../../app.ts';
import { deliverAccountEmails, type AccountEmail } from '../../domain/users/index.ts';

/** Delivers; a failed delivery is logged (never the message: it may carry a token) and does not fail the request. */
export async function deliverEmails(deps: Pick<SurfaceDeps, 'mailer' | 'config'>, request: FastifyRequest, emails: AccountEmail[]): Promise<void> {
  if (emails.length === 0) return;
  const errors = await deliverAccountEmails(deps.mailer, emails, deps.config.publicUrl);
  for (const err of errors) {
    request.log.error({ requestId: request.id, error: err instanceof Error ? err.name : 'unknown' }, 'account email not delivered');
  }
}
