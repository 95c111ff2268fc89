/**
 * `current_user/*` (catalogue §3.2 M3, M4, M6–M11): the calling user's own account, as
 * `currentUser`. Commands return `{id, type}` unless `expand=true`; mail leaves after commit.
 * `create_with_idp` lives with the identity-provider routes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import {
  changeEmail,
  changePassword,
  deleteCurrentUser,
  sendVerificationEmail,
  showCurrentUser,
  signUpUser,
  updateUserProfile,
  verifyEmail,
  type User,
  type UserActor,
  type UserChange,
} from '../../domain/users/index.ts';
import type { Trx } from '../../store/db.ts';
import { initialAccessOf } from '../../domain/access/index.ts';
import { parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf, requireTrustedUser, requireUser } from '../plugins/authenticate.ts';
import { userDocument, userPresenterFor } from '../resources/user.presenter.ts';
import { checkInclude } from '../resources/include-check.ts';
import { rawQueryOf } from '../resources/listing.schemas.ts';
import {
  ChangeEmailBody,
  ChangePasswordBody,
  CreateCurrentUserBody,
  DeleteCurrentUserBody,
  UpdateCurrentUserProfileBody,
  VerifyEmailBody,
} from '../resources/user.schemas.ts';
import { deliverEmails } from './account-mail.ts';
import { createStripeAccount, deleteStripeAccount, updateStripeAccount } from '../../domain/payments/index.ts';
import { CreateStripeAccountBody, UpdateStripeAccountBody, accountInput, paymentActorOf } from './stripe-account.routes.ts';

type Self = { marketplaceId: string; actor: Extract<UserActor, { kind: 'user' }>; now: Date };

export const currentUserRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    /** The calling user as an actor (trusted token required for `trusted`). */
    const selfOf = (request: FastifyRequest, trusted = false): Self => {
      const user = trusted ? requireTrustedUser(request) : requireUser(request);
      return { marketplaceId: user.marketplaceId, actor: { kind: 'user', userId: user.userId, clientId: user.clientId, requestId: request.id }, now: deps.clock.now() };
    };

    /** Runs a command in one transaction, mails after commit, answers with the `currentUser`. */
    const command = async (request: FastifyRequest, reply: FastifyReply, marketplaceId: string, run: (trx: Trx) => Promise<UserChange | User>) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'self');
      checkInclude(presenter.graph(), presenter.type, q.include); // before the write: a bad include stores nothing
      const result = await deps.db.transaction().execute(run);
      const { user, emails } = 'emails' in result ? result : { user: result, emails: [] };
      await deliverEmails(deps, request, emails);
      return sendDocument(request, reply, await userDocument(presenter, user, q, { expand: q.expand }));
    };

    app.get<{ Querystring: RawQuery }>('/current_user/show', async (request, reply) => {
      const q = parseQuery(request.query, {});
      const { marketplaceId, actor } = selfOf(request);
      const user = await showCurrentUser(deps.db, { marketplaceId, userId: actor.userId });
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'self');
      return sendDocument(request, reply, await userDocument(presenter, user, q));
    });

    app.post('/current_user/create', { schema: { body: CreateCurrentUserBody } }, (request, reply) => {
      const { marketplaceId, clientId } = principalOf(request);
      const actor: UserActor = { kind: 'anonymous', clientId, requestId: request.id };
      // The marketplace's access control decides the new user's state and permissions.
      return command(request, reply, marketplaceId, async (trx) => {
        const { state, permissions } = await initialAccessOf(trx, marketplaceId);
        return signUpUser(trx, { ...request.body, marketplaceId, actor, now: deps.clock.now(), state, permissions });
      });
    });

    app.post('/current_user/update_profile', { schema: { body: UpdateCurrentUserProfileBody } }, (request, reply) => {
      const self = selfOf(request);
      return command(request, reply, self.marketplaceId, (trx) => updateUserProfile(trx, { ...self, id: self.actor.userId, fields: request.body }));
    });

    app.post('/current_user/change_email', { schema: { body: ChangeEmailBody } }, (request, reply) => {
      const self = selfOf(request);
      return command(request, reply, self.marketplaceId, (trx) => changeEmail(trx, { ...self, ...request.body }));
    });

    app.post('/current_user/change_password', { schema: { body: ChangePasswordBody } }, (request, reply) => {
      const self = selfOf(request);
      return command(request, reply, self.marketplaceId, (trx) => changePassword(trx, { ...self, ...request.body }));
    });

    // deleteFromStripe is accepted and has nothing to do until payments exist.
    app.post('/current_user/delete', { schema: { body: DeleteCurrentUserBody } }, (request, reply) => {
      const self = selfOf(request, true);
      return command(request, reply, self.marketplaceId, (trx) => deleteCurrentUser(trx, { ...self, currentPassword: request.body.currentPassword }));
    });

    app.post('/current_user/verify_email', { schema: { body: VerifyEmailBody } }, (request, reply) => {
      const self = selfOf(request);
      return command(request, reply, self.marketplaceId, (trx) => verifyEmail(trx, { ...self, verificationToken: request.body.verificationToken }));
    });

    app.post('/current_user/send_verification_email', (request, reply) => {
      const self = selfOf(request);
      return command(request, reply, self.marketplaceId, (trx) => sendVerificationEmail(trx, self));
    });

    // Legacy Stripe account commands (catalogue M12–M14): the stripe_account/* use cases, answered
    // with the `currentUser` (include=stripeAccount shows the account).
    /** Runs a payments use case (outside any transaction: it calls the provider), then answers with the user. */
    const stripeCommand = async (request: FastifyRequest, reply: FastifyReply, run: (actor: ReturnType<typeof paymentActorOf>) => Promise<unknown>) => {
      const q = parseQuery(rawQueryOf(request), {}, { expand: true });
      const actor = paymentActorOf(request);
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, actor.marketplaceId, q, 'self');
      checkInclude(presenter.graph(), presenter.type, q.include); // before the provider call
      await run(actor);
      const user = await showCurrentUser(deps.db, { marketplaceId: actor.marketplaceId, userId: actor.userId });
      return sendDocument(request, reply, await userDocument(presenter, user, q, { expand: q.expand }));
    };

    app.post('/current_user/create_stripe_account', { schema: { body: CreateStripeAccountBody } }, (request, reply) =>
      stripeCommand(request, reply, (actor) =>
        createStripeAccount(deps.db, deps.payments, actor, { ...accountInput(request.body), country: request.body.country, accountToken: request.body.accountToken }),
      ),
    );

    app.post('/current_user/update_stripe_account', { schema: { body: UpdateStripeAccountBody } }, (request, reply) =>
      stripeCommand(request, reply, (actor) => updateStripeAccount(deps.db, deps.payments, actor, accountInput(request.body))),
    );

    app.post('/current_user/delete_stripe_account', (request, reply) => stripeCommand(request, reply, (actor) => deleteStripeAccount(deps.db, deps.payments, actor)));
  };
