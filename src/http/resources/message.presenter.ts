/**
 * The `message` resource (catalogue §5.13): attributes `content`, `createdAt`, `deleted`;
 * relationships `sender` (a user, with `profileImage` below it), `transaction` and
 * `publicFileAttachments` (always empty: file attachments arrive with the files issue).
 * Transaction presenters use `MessagePresenter.relationship` for `transaction.messages`.
 */
import { findTransactionMessages, messageAttributes, type Message } from '../../domain/messages/index.ts';
import type { Executor } from '../../store/db.ts';
import { Uuid, type WireValue } from '../../lib/values.ts';
import {
  buildDocument,
  mergeGraphs,
  type ParsedQuery,
  type QuerySpec,
  type RelationshipResolver,
  type Resource,
  type ResourceDocument,
  type ResourceGraph,
} from '../wire/index.ts';
import { imageContextFor, type ImagePresentationContext } from './image.presenter.ts';
import { UserPresenter } from './user.presenter.ts';
// A cycle (transaction.presenter presents `transaction.messages` with this module) used only at run time.

/** Who reads messages: a party on the Marketplace API (public user views) or an operator (full views). */
export type MessagePresentationViewer = 'party' | 'operator';

/** A message as a resource. */
export const toMessageResource = (message: Message): Resource => ({
  id: new Uuid(message.id),
  type: 'message',
  attributes: messageAttributes(message),
});

/**
 * Resolves `message.transaction` (and what may be included below it) for a batch of messages: the
 * transactions presenter of the surface supplies it, so the transaction shows as its own endpoints
 * show it to this caller.
 */
export interface TransactionInclude {
  /** A resolver for a relationship pointing at transactions; `transactionIdOf` reads each parent's target. */
  relationship(transactionIdOf: (parent: Resource) => string | undefined): RelationshipResolver;
  /** The graph entries for includes below the transaction (`transaction`, `listing`, …). */
  graph(): ResourceGraph;
}

/** Per-request presenter: remembers the messages it presented so the resolvers know sender and transaction. */
export class MessagePresenter {
  private readonly known = new Map<string, Message>();
  private readonly users: UserPresenter;

  constructor(
    private readonly ctx: ImagePresentationContext,
    viewer: MessagePresentationViewer,
    private readonly transactions?: TransactionInclude,
  ) {
    this.users = new UserPresenter(ctx, viewer === 'operator' ? 'operator' : 'public');
  }

  /** Presents messages (and remembers them for the resolvers). */
  present(messages: Message[]): Resource[] {
    return messages.map((message) => this.presentOne(message));
  }

  private presentOne(message: Message): Resource {
    this.known.set(message.id, message);
    return toMessageResource(message);
  }

  private messageOf(parent: Resource): Message | undefined {
    return this.known.get(parent.id.uuid);
  }

  /**
   * A resolver for `transaction.messages`: every message of each parent transaction, newest first.
   * The caller has already decided the viewer may see those transactions.
   */
  relationship(): RelationshipResolver {
    return async (parents) => {
      const messages = await findTransactionMessages(this.ctx.db, this.ctx.marketplaceId, parents.map((p) => p.id.uuid));
      const byTransaction = new Map<string, Resource[]>(parents.map((p) => [p.id.uuid, []]));
      for (const message of messages) byTransaction.get(message.transactionId)?.push(this.presentOne(message));
      return byTransaction;
    };
  }

  /** Resolvers of a message's relationships. */
  resolvers(): Record<string, RelationshipResolver> {
    const own: Record<string, RelationshipResolver> = {
      sender: this.users.relationship((p) => this.messageOf(p)?.senderId),
      publicFileAttachments: async (parents) => new Map(parents.map((p) => [p.id.uuid, []])),
    };
    if (this.transactions) own.transaction = this.transactions.relationship((p) => this.messageOf(p)?.transactionId);
    return own;
  }

  /**
   * The include graph for responses whose primary data are messages (`sender.profileImage`,
   * `transaction.listing`, …). Senders and the transaction's users are presented by different
   * presenters, so both graphs are merged per relationship (each parent gets the first answer).
   */
  graph(): ResourceGraph {
    const own: ResourceGraph = { message: this.resolvers(), user: this.users.resolvers() };
    return this.transactions ? mergeGraphs(own, this.transactions.graph()) : own;
  }
}

/** A presenter for one request, from its parsed query (profile image variants, `fields.image`). */
export const messagePresenterFor = (
  db: Executor,
  publicUrl: string,
  marketplaceId: string,
  q: Pick<ParsedQuery<QuerySpec>, 'imageVariants' | 'fields'>,
  viewer: MessagePresentationViewer,
  transactions?: TransactionInclude,
): MessagePresenter => new MessagePresenter(imageContextFor(db, publicUrl, marketplaceId, q), viewer, transactions);

/** The response document of message endpoints. Commands pass `expand` (false: `{id, type}` only). */
export const messageDocument = (
  presenter: MessagePresenter,
  data: Message | Message[],
  q: Pick<ParsedQuery<QuerySpec>, 'include' | 'fields' | 'limits'>,
  opts: { expand?: boolean; meta?: Record<string, WireValue> } = {},
): Promise<ResourceDocument> =>
  buildDocument({
    data: Array.isArray(data) ? presenter.present(data) : (presenter.present([data])[0] ?? null),
    type: 'message',
    include: q.include,
    fields: q.fields,
    limits: q.limits,
    graph: presenter.graph(),
    ...opts,
  });
