/**
 * Building blocks of request-body schemas shared by every resource: a UUID string (the SDKs send
 * UUIDs as transit `~u` values, which decode to strings) and closed objects (unknown keys are a
 * 400 `validation-disallowed-key`).
 */
import { Type } from '@fastify/type-provider-typebox';

const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A UUID in a request body. */
export const Id = Type.String({ pattern: UUID_PATTERN });

/** Schema option: the object accepts no keys beyond those declared. */
export const closed: { additionalProperties: false } = { additionalProperties: false };
