/**
 * The user resources (catalogue §5.2): `user` (public view, and the Integration API's full view)
 * and `currentUser` (the user's own view), plus their include resolvers (`profileImage`,
 * `marketplace`, `effectivePermissionSet`, `stripeAccount`, `stripeCustomer`). Resources pointing
 * at users (`listing.author`, `transaction.customer`, …) use a presenter's `relationship(...)` as
 * their resolver and put its `resolvers()` under `user` in their graph, so `author.profileImage`
 * works (both batched: one query per relationship per include level).
 */
import { effectivePermissionSetResolver } from '../marketplace-api/permission-set.presenter.ts';
import { findUsersByIds, userAttributes, type User, type UserViewer } from '../../domain/users/index.ts';
import { findMarketplaceById } from '../../domain/marketplaces/index.ts';
import { listUserIdentities } from '../../domain/idp/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import {
  buildDocument,
  type ParsedQuery,
  type QuerySpec,
  type RelationshipResolver,
  type Resource,
  type ResourceDocument,
  type ResourceGraph,
} from '../wire/index.ts';
import { toMarketplaceResource } from '../marketplace-api/marketplace.presenter.ts';
import { imageContextFor, profileImageResolver, type ImagePresentationContext } from './image.presenter.ts';
import { findPaymentAccountsByUsers } from '../../domain/payments/index.ts';
import { StripeCustomerPresenter, stripeAccountResolver, stripeCustomerResolver } from './stripe.presenter.ts';

/** The resource type a viewer gets: the user's own view is `currentUser`. */
export const userType = (viewer: UserViewer): 'user' | 'currentUser' => (viewer === 'self' ? 'currentUser' : 'user');

/** A user as a resource for the viewer (see `userAttributes` for what each viewer sees). */
export const toUserResource = (user: User, viewer: UserViewer): Resource => ({
  id: new Uuid(user.id),
  type: userType(viewer),
  attributes: userAttributes(user, viewer),
});

/** What the resolvers need from the request: the image context (profile image variants). */
export type UserPresentationContext = ImagePresentationContext;

/** Per-request presenter: remembers the users it presented, so resolvers need not reload them. */
export class UserPresenter {
  private readonly known = new Map<string, User>();

  constructor(
    private readonly ctx: UserPresentationContext,
    private readonly viewer: UserViewer,
  ) {}

  /** The resource type of the primary data. */
  get type(): 'user' | 'currentUser' {
    return userType(this.viewer);
  }

  /** Presents users (and remembers them for the resolvers); the own and operator views list linked identity providers. */
  async present(users: User[]): Promise<Resource[]> {
    // The own and operator views show whether the user has a connected payment account (and its state).
    const own = this.viewer === 'public' ? [] : users.filter((u) => !u.deleted).map((u) => u.id);
    const accounts = new Map((await findPaymentAccountsByUsers(this.ctx.db, this.ctx.marketplaceId, own)).map((a) => [a.userId, a]));
    return Promise.all(
      users.map(async (user) => {
        this.known.set(user.id, user);
        const resource = toUserResource(user, this.viewer);
        if (this.viewer !== 'public' && !user.deleted) {
          const identities = await listUserIdentities(this.ctx.db, this.ctx.marketplaceId, user.id);
          const account = accounts.get(user.id);
          resource.attributes = {
            ...resource.attributes,
            stripeConnected: account !== undefined,
            stripePayoutsEnabled: account?.payoutsEnabled ?? false,
            stripeChargesEnabled: account?.chargesEnabled ?? false,
            identityProviders: identities.map((i) => ({ idpId: i.idpId, userId: i.subject })),
          };
        }
        return resource;
      }),
    );
  }

  /** A resolver for a relationship pointing at users (public view): `userIdOf` reads the target id of each parent. */
  relationship(userIdOf: (parent: Resource) => string | undefined): RelationshipResolver {
    return async (parents) => {
      const missing = parents.map(userIdOf).filter((id): id is string => id !== undefined && !this.known.has(id));
      const found = this.ctx.loader ? await this.ctx.loader.users(missing) : await findUsersByIds(this.ctx.db, this.ctx.marketplaceId, missing);
      for (const u of found) this.known.set(u.id, u);
      const out = new Map<string, Resource | null>();
      for (const parent of parents) {
        const id = userIdOf(parent);
        const user = id === undefined ? undefined : this.known.get(id);
        out.set(parent.id.uuid, user ? toUserResource(user, this.viewer === 'self' ? 'public' : this.viewer) : null);
      }
      return out;
    };
  }

  private userOf(parent: Resource): User | undefined {
    return this.known.get(parent.id.uuid);
  }

  /**
   * The parent's user when its relationships may be shown: banned and deleted users show only their
   * flag to others, and a user pending approval shows no profile publicly (see `userAttributes`).
   */
  private visible(parent: Resource): User | undefined {
    const user = this.userOf(parent);
    if (!user || user.deleted) return undefined;
    const publicView = parent.type === 'user' && this.viewer !== 'operator';
    return publicView && user.state !== 'active' ? undefined : user;
  }

  /** Resolvers of a user's own relationships (for `user` and `currentUser` parents presented here). */
  resolvers(): Record<string, RelationshipResolver> {
    return {
      profileImage: profileImageResolver(this.ctx, (p) => this.visible(p)?.profileImageId),
      marketplace: async (parents) => {
        const marketplace = await findMarketplaceById(this.ctx.db, this.ctx.marketplaceId);
        const resource = marketplace ? toMarketplaceResource(marketplace) : null;
        return new Map(parents.map((p) => [p.id.uuid, resource]));
      },
    };
  }

  /** Relationships only the user and operators may include. */
  private privateResolvers(): Record<string, RelationshipResolver> {
    return {
      effectivePermissionSet: effectivePermissionSetResolver(this.ctx, (p) => this.visible(p)),
      stripeAccount: stripeAccountResolver(this.ctx.db, this.ctx.marketplaceId, (p) => this.visible(p)?.id),
    };
  }

  /** The include graph for responses whose primary data are users. */
  graph(): ResourceGraph {
    const own = this.resolvers();
    if (this.viewer === 'public') return { user: own };
    const full = { ...own, ...this.privateResolvers() };
    if (this.viewer === 'operator') return { user: full };
    const customers = new StripeCustomerPresenter();
    return {
      currentUser: { ...full, stripeCustomer: stripeCustomerResolver(this.ctx.db, this.ctx.marketplaceId, customers, (p) => this.visible(p)?.id) },
      user: own,
      ...customers.graph(),
    };
  }
}

/** A presenter for one request, from its parsed query (custom image variants, `fields.image`). */
export const userPresenterFor = (
  db: Executor,
  publicUrl: string,
  marketplaceId: string,
  q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
  viewer: UserViewer,
): UserPresenter => new UserPresenter(imageContextFor(db, publicUrl, marketplaceId, q), viewer);

/**
 * The response document of user endpoints: presents, resolves includes, applies fields. Commands
 * pass `expand` (false reduces the primary data to `{id, type}`); queries pass `meta`.
 */
export const userDocument = async (
  presenter: UserPresenter,
  data: User | User[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
  opts: { expand?: boolean; meta?: Record<string, WireValue> } = {},
): Promise<ResourceDocument> => {
  const resources = await presenter.present(Array.isArray(data) ? data : [data]);
  return buildDocument({
    data: Array.isArray(data) ? resources : (resources[0] ?? null),
    type: presenter.type,
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(),
    ...opts,
  });
};
