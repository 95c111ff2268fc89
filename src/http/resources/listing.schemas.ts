/**
 * Request body shapes of the listing commands (both APIs). Shape only: value rules (ranges,
 * currencies, the availability plan, extended-data size, image ownership) live in the listings
 * module, which answers with the precise body path. Unknown keys → 400 `validation-disallowed-key`.
 */
import type { FastifyRequest } from 'fastify';
import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { RawQuery } from '../wire/index.ts';
import { Id, closed } from './body-schemas.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const JsonMap = Type.Record(Type.String(), Type.Unknown());

/** Fields the author may write through `own_listings/*`. */
const authorFields = {
  description: Type.Optional(Nullable(Type.String())),
  geolocation: Type.Optional(Nullable(Type.Object({ lat: Type.Number(), lng: Type.Number() }, { additionalProperties: false }))),
  price: Type.Optional(Nullable(Type.Object({ amount: Type.Integer(), currency: Type.String() }, { additionalProperties: false }))),
  // Validated by the listings module (parseAvailabilityPlan), which reports the exact path.
  availabilityPlan: Type.Optional(Type.Unknown()),
  publicData: Type.Optional(JsonMap),
  privateData: Type.Optional(JsonMap),
  images: Type.Optional(Type.Array(Id)),
};
const operatorFields = { ...authorFields, metadata: Type.Optional(JsonMap) };

export const CreateOwnListingBody = Type.Object({ title: Type.String(), ...authorFields }, closed);
export const UpdateOwnListingBody = Type.Object({ id: Id, title: Type.Optional(Type.String()), ...authorFields }, closed);
export const ListingIdBody = Type.Object({ id: Id }, closed);
export const AddListingImageBody = Type.Object({ id: Id, imageId: Id }, closed);

export const CreateListingBody = Type.Object(
  {
    authorId: Id,
    state: Type.Union([Type.Literal('published'), Type.Literal('pendingApproval')]),
    title: Type.String(),
    ...operatorFields,
  },
  closed,
);
export const UpdateListingBody = Type.Object({ id: Id, title: Type.Optional(Type.String()), ...operatorFields }, closed);

/** A schema-typed route's query string as `parseQuery` takes it (Fastify yields strings and string arrays). */
export const rawQueryOf = (request: FastifyRequest): RawQuery => {
  const out: RawQuery = {};
  if (typeof request.query !== 'object' || request.query === null) return out;
  for (const [key, value] of Object.entries(request.query)) {
    if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) out[key] = value;
  }
  return out;
};
