/**
 * Stripe resources (catalogue §5.15): `stripeAccount`, `stripeAccountLink`, `stripePerson`,
 * `stripeSetupIntent`, `stripeCustomer` (relationship `defaultPaymentMethod`) and
 * `stripePaymentMethod`, plus the include resolvers a user's `stripeAccount` / `stripeCustomer`
 * relationships use (one query per relationship per include level).
 */
import {
  findPaymentAccountsByUsers,
  findPaymentCustomersByUsers,
  type PaymentAccount,
  type PaymentCustomer,
  type StoredPaymentMethod,
} from '../../domain/payments/index.ts';
import { newId } from '../../lib/ids.ts';
import { Keyword, Uuid } from '../../lib/values.ts';
import type { Executor } from '../../store/db.ts';
import { buildDocument, type FieldSelection, type RelationshipResolver, type Resource, type ResourceDocument, type ResourceGraph } from '../wire/index.ts';

/**
 * A connected account. `stripeAccountData` (the provider's Account object) is shown when the
 * account was just created, updated or fetched from the provider; includes carry the id only.
 */
export const toStripeAccountResource = (a: PaymentAccount, opts: { withData: boolean }): Resource => ({
  id: new Uuid(a.id),
  type: 'stripeAccount',
  attributes: { stripeAccountId: a.accountId, ...(opts.withData ? { stripeAccountData: a.data } : {}) },
});

export const toStripePaymentMethodResource = (m: StoredPaymentMethod): Resource => ({
  id: new Uuid(m.id),
  type: 'stripePaymentMethod',
  attributes: {
    type: new Keyword(`stripe-payment-method/${m.type}`),
    stripePaymentMethodId: m.paymentMethodId,
    card: { brand: m.brand, last4Digits: m.last4, expirationYear: m.expYear, expirationMonth: m.expMonth },
  },
});

/** A customer; its saved card is reached through `defaultPaymentMethod`. */
export class StripeCustomerPresenter {
  private readonly known = new Map<string, PaymentCustomer>();

  /** The customer resource (remembered for its `defaultPaymentMethod` resolver). */
  present(c: PaymentCustomer): Resource {
    this.known.set(c.id, c);
    return { id: new Uuid(c.id), type: 'stripeCustomer', attributes: { stripeCustomerId: c.customerId } };
  }

  /** The graph below `stripeCustomer` resources presented here. */
  graph(): ResourceGraph {
    return {
      stripeCustomer: {
        defaultPaymentMethod: async (parents) => {
          const out = new Map<string, Resource | null>();
          for (const p of parents) {
            const method = this.known.get(p.id.uuid)?.defaultPaymentMethod;
            out.set(p.id.uuid, method ? toStripePaymentMethodResource(method) : null);
          }
          return out;
        },
      },
    };
  }
}

/** `stripeAccount` of user parents (the user's own view and operators only). */
export const stripeAccountResolver =
  (db: Executor, marketplaceId: string, userIdOf: (parent: Resource) => string | undefined): RelationshipResolver =>
  async (parents) => {
    const ids = parents.map(userIdOf).filter((id): id is string => id !== undefined);
    const byUser = new Map((await findPaymentAccountsByUsers(db, marketplaceId, ids)).map((a) => [a.userId, a]));
    return new Map(
      parents.map((p) => {
        const id = userIdOf(p);
        const account = id === undefined ? undefined : byUser.get(id);
        return [p.id.uuid, account ? toStripeAccountResource(account, { withData: false }) : null];
      }),
    );
  };

/** `stripeCustomer` of user parents (the user's own view); `presenter` resolves its `defaultPaymentMethod`. */
export const stripeCustomerResolver =
  (db: Executor, marketplaceId: string, presenter: StripeCustomerPresenter, userIdOf: (parent: Resource) => string | undefined): RelationshipResolver =>
  async (parents) => {
    const ids = parents.map(userIdOf).filter((id): id is string => id !== undefined);
    const byUser = new Map((await findPaymentCustomersByUsers(db, marketplaceId, ids)).map((c) => [c.userId, c]));
    return new Map(
      parents.map((p) => {
        const id = userIdOf(p);
        const customer = id === undefined ? undefined : byUser.get(id);
        return [p.id.uuid, customer ? presenter.present(customer) : null];
      }),
    );
  };

/** What the documents take from the parsed query. */
export interface StripeDocumentQuery {
  include: string[][];
  fields: FieldSelection;
  /** Commands: false reduces the data to `{id, type}`; undefined for reads. */
  expand?: boolean | undefined;
}

const opts = (q: StripeDocumentQuery) => ({ include: q.include, fields: q.fields, ...(q.expand !== undefined ? { expand: q.expand } : {}) });

/** The document of a connected account (no relationships). */
export const stripeAccountDocument = (a: PaymentAccount, q: StripeDocumentQuery): Promise<ResourceDocument> =>
  buildDocument({ data: toStripeAccountResource(a, { withData: true }), type: 'stripeAccount', graph: { stripeAccount: {} }, ...opts(q) });

/** The document of a customer, with `include=defaultPaymentMethod`. */
export const stripeCustomerDocument = (c: PaymentCustomer, q: StripeDocumentQuery): Promise<ResourceDocument> => {
  const presenter = new StripeCustomerPresenter();
  return buildDocument({ data: presenter.present(c), type: 'stripeCustomer', graph: presenter.graph(), ...opts(q) });
};

/** Short-lived results that always carry their attributes (the template reads them without `expand`). */
export const stripeAccountLinkDocument = (link: { url: string; expiresAt: Date }): Promise<ResourceDocument> =>
  buildDocument({ data: { id: new Uuid(newId()), type: 'stripeAccountLink', attributes: { url: link.url, expiresAt: link.expiresAt } }, type: 'stripeAccountLink' });

export const stripePersonDocument = (person: { stripePersonId: string }, expand: boolean): Promise<ResourceDocument> =>
  buildDocument({ data: { id: new Uuid(newId()), type: 'stripePerson', attributes: { stripePersonId: person.stripePersonId } }, type: 'stripePerson', expand });

export const stripeSetupIntentDocument = (si: { id: string; stripeSetupIntentId: string; clientSecret: string }): Promise<ResourceDocument> =>
  buildDocument({ data: { id: new Uuid(si.id), type: 'stripeSetupIntent', attributes: { stripeSetupIntentId: si.stripeSetupIntentId, clientSecret: si.clientSecret } }, type: 'stripeSetupIntent' });
