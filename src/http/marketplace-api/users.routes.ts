/** `users/show` (catalogue §3.2 M2): any user's public view; deleted and banned users as their flag. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { SurfaceDeps } from '../../app.ts';
import { showUser } from '../../domain/users/index.ts';
import { p, parseQuery, sendDocument, type RawQuery } from '../wire/index.ts';
import { principalOf } from '../plugins/authenticate.ts';
import { userDocument, userPresenterFor } from '../resources/user.presenter.ts';

const ShowUserQuery = { id: p.uuid({ required: true }) };

export const usersRoutes =
  (deps: SurfaceDeps): FastifyPluginAsyncTypebox =>
  async (app) => {
    // SEAM (domain/access): private marketplaces answer 403 here for anonymous and unapproved callers.
    app.get<{ Querystring: RawQuery }>('/users/show', async (request, reply) => {
      const q = parseQuery(request.query, ShowUserQuery);
      const { marketplaceId } = principalOf(request);
      const user = await showUser(deps.db, { marketplaceId, id: q.params.id.uuid });
      const presenter = userPresenterFor(deps.db, deps.config.publicUrl, marketplaceId, q, 'public');
      return sendDocument(request, reply, await userDocument(presenter, user, q));
    });
  };
