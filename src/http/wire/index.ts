/**
 * The wire layer shared by the Marketplace and Integration APIs: codecs, query parsing, the
 * resource document, the error envelope and the Fastify glue.
 */
export { decodeTransitBody, encodeTransit } from './transit.ts';
export {
  encodeJson,
  wireToJson,
  isJsonObject,
  isWireObject,
  type JsonValue,
  type JsonObject,
} from './json.ts';
export {
  parseQuery,
  normalizeQueryKeys,
  type RawQuery,
  type QuerySpec,
  type QueryOptions,
  type ParsedQuery,
  type SpecValues,
  type ExtendedDataPrefix,
} from './query.ts';
export {
  p,
  type Param,
  type ParamValue,
  type Bounds,
  type IntRange,
  type SortKey,
} from './query-params.ts';
export { MAX_VARIANT_SIDE, type FieldSelection, type ImageVariantSpec } from './query-common.ts';
export {
  buildDocument,
  documentToWire,
  mergeGraphs,
  paginationMeta,
  unsupportedPaginationMeta,
  type Resource,
  type Ref,
  type Relationship,
  type DocumentResource,
  type RelationshipResolver,
  type ResourceGraph,
  type ResourceDocument,
  type BuildDocumentInput,
  type PaginationMeta,
} from './envelope.ts';
export { ResponseCache, type EncodedBody } from './response-cache.ts';
export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorCodeInfo } from './error-codes.ts';
export { STATUS_BY_KIND, toErrorDocument, type ApiError, type ErrorDocument } from './errors.ts';
export {
  addBodyParsers,
  wantsTransit,
  wantsVerboseTransit,
  sendWire,
  sendDocument,
  sendCachedDocument,
  apiErrorHandler,
  apiNotFoundHandler,
  TRANSIT_CONTENT_TYPE,
  JSON_CONTENT_TYPE,
} from './negotiate.ts';
