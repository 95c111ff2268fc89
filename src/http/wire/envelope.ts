/**
 * The resource document (catalogue 1.5, 1.6, 6.7): `{ data, included, meta }` with relationships
 * only for requested includes, every referenced resource in `included` exactly once, `limit.*` on
 * to-many relationships, and sparse fieldsets (`fields.<type>`) on data and included alike.
 */
import { DomainError } from '../../domain/errors.ts';
import { Keyword, type Uuid, type WireValue } from '../../lib/values.ts';
import { isWireObject } from './json.ts';
import type { FieldSelection } from './query-common.ts';

/** A reference to a resource. */
export interface Ref {
  id: Uuid;
  type: string;
}

/** A relationship as it appears on a resource. */
export interface Relationship {
  data: Ref | Ref[] | null;
}

/** A resource object. */
export interface Resource {
  id: Uuid;
  type: string;
  attributes: Record<string, WireValue>;
  relationships?: Record<string, Relationship>;
}

/** A resource as emitted: attributes are absent for unexpanded command results. */
export type DocumentResource = Ref & {
  attributes?: Record<string, WireValue>;
  relationships?: Record<string, Relationship>;
};

/**
 * Loads one relationship for a batch of parents of one type. The map is keyed by parent id
 * (`uuid` string): a resource or null for to-one, an array for to-many (return `[]`, not a
 * missing entry: a missing entry is emitted as `{data: null}`).
 */
export type RelationshipResolver = (
  parents: Resource[],
) => Promise<Map<string, Resource | Resource[] | null>>;

/**
 * Resource type → relationship name → resolver; built per request by the API surface so resolvers
 * return only what the caller may see. Relationships absent here are unknown (400 on include).
 */
export type ResourceGraph = Record<string, Record<string, RelationshipResolver>>;

const isEmpty = (v: Resource | Resource[] | null | undefined): boolean => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

/** One resolver asking each of `resolvers` and keeping, per parent, the first non-empty answer. */
function firstAnswer(resolvers: RelationshipResolver[]): RelationshipResolver {
  const [only] = resolvers;
  if (resolvers.length === 1 && only) return only;
  return async (parents) => {
    const answers = await Promise.all(resolvers.map((r) => r(parents)));
    const out = new Map<string, Resource | Resource[] | null>();
    for (const parent of parents) {
      const key = parent.id.uuid;
      const found = answers.map((a) => a.get(key)).find((v) => !isEmpty(v));
      out.set(key, found ?? answers[0]?.get(key) ?? null);
    }
    return out;
  };
}

/**
 * Combines include graphs of several presenters. Several presenters present the same resource types
 * (users, listings) and each resolver knows only what its presenter presented, so a relationship
 * defined by more than one graph asks each of them and keeps, per parent, the first non-empty answer.
 */
export function mergeGraphs(...graphs: ResourceGraph[]): ResourceGraph {
  const collected = new Map<string, Map<string, RelationshipResolver[]>>();
  for (const graph of graphs) {
    for (const [type, rels] of Object.entries(graph)) {
      const byName = collected.get(type) ?? new Map<string, RelationshipResolver[]>();
      for (const [name, resolver] of Object.entries(rels)) byName.set(name, [...(byName.get(name) ?? []), resolver]);
      collected.set(type, byName);
    }
  }
  const out: ResourceGraph = {};
  for (const [type, byName] of collected) {
    out[type] = Object.fromEntries([...byName].map(([name, resolvers]) => [name, firstAnswer(resolvers)]));
  }
  return out;
}

/** A response document ready for encoding. */
export interface ResourceDocument {
  data: DocumentResource | DocumentResource[] | null;
  included: DocumentResource[];
  meta: Record<string, WireValue>;
}

/** Input of `buildDocument`. */
export interface BuildDocumentInput {
  data: Resource | Resource[] | null;
  /** Type of the primary data, so `include` is validated even when `data` is empty. */
  type?: string;
  include?: string[][];
  graph?: ResourceGraph;
  fields?: FieldSelection;
  /** `limit.<relationship>`: maximum related resources per parent in to-many relationships. */
  limits?: Record<string, number>;
  meta?: Record<string, WireValue>;
  /**
   * Commands: false reduces primary data to `{id, type}` (plus relationships when `include` asked
   * for them; their resources still go to `included`). Queries leave it undefined (= expanded).
   */
  expand?: boolean;
}

interface IncludeTree {
  [relationship: string]: IncludeTree;
}

const toTree = (paths: string[][]): IncludeTree => {
  const root: IncludeTree = {};
  for (const path of paths) {
    let node = root;
    for (const name of path) {
      const next: IncludeTree = Object.hasOwn(node, name) ? (node[name] ?? {}) : {};
      node[name] = next;
      node = next;
    }
  }
  return root;
};

const keyOf = (r: Ref): string => `${r.type}/${r.id.uuid}`;
const refOf = (r: Ref): Ref => ({ id: r.id, type: r.type });

const unknownRelationship = (type: string, name: string): DomainError =>
  new DomainError(
    'bad-request',
    'validation-invalid-value',
    `Invalid include: ${type} has no relationship ${name}.`,
    { source: { type: 'query', path: ['include'] } },
  );

const resolverFor = (graph: ResourceGraph, type: string, name: string): RelationshipResolver => {
  const rels = Object.hasOwn(graph, type) ? graph[type] : undefined;
  const resolver = rels && Object.hasOwn(rels, name) ? rels[name] : undefined;
  if (!resolver) throw unknownRelationship(type, name);
  return resolver;
};

/** One frontier entry: a canonical resource and the include subtree still to resolve below it. */
interface Pending {
  resource: Resource;
  tree: IncludeTree;
}

/**
 * Resolves the include tree level by level. Per level, parents are grouped by (type, relationship)
 * and each resolver is called once with all of them. Resources are canonicalized by type+id, so a
 * resource reached twice is one object whose relationships are the union of what was asked.
 */
const resolveIncludes = async (
  roots: Resource[],
  tree: IncludeTree,
  graph: ResourceGraph,
  limits: Record<string, number>,
  registry: Map<string, Resource>,
  included: Resource[],
): Promise<void> => {
  let frontier: Pending[] = roots.map((resource) => ({ resource, tree }));
  while (frontier.length > 0) {
    // (type, relationship) → parents by key, and the subtree asked below each parent
    const groups = new Map<
      string,
      {
        type: string;
        name: string;
        parents: Map<string, Resource>;
        below: Map<string, IncludeTree[]>;
      }
    >();
    for (const { resource, tree: node } of frontier) {
      for (const [name, subtree] of Object.entries(node)) {
        const groupKey = `${resource.type}\u0000${name}`;
        let group = groups.get(groupKey);
        if (!group) {
          resolverFor(graph, resource.type, name);
          group = { type: resource.type, name, parents: new Map(), below: new Map() };
          groups.set(groupKey, group);
        }
        const key = keyOf(resource);
        group.parents.set(key, resource);
        group.below.set(key, [...(group.below.get(key) ?? []), subtree]);
      }
    }
    const results = await Promise.all(
      [...groups.values()].map(async (group) => ({
        group,
        resolved: await resolverFor(graph, group.type, group.name)([...group.parents.values()]),
      })),
    );
    const next: Pending[] = [];
    for (const { group, resolved } of results) {
      const limit = Object.hasOwn(limits, group.name) ? limits[group.name] : undefined;
      for (const [key, parent] of group.parents) {
        const raw = resolved.get(parent.id.uuid) ?? null;
        const targets = Array.isArray(raw) ? raw.slice(0, limit ?? raw.length) : raw ? [raw] : [];
        const canonical = targets.map((target) => {
          const targetKey = keyOf(target);
          const existing = registry.get(targetKey);
          if (existing) return existing;
          const copy: Resource = {
            id: target.id,
            type: target.type,
            attributes: target.attributes,
          };
          registry.set(targetKey, copy);
          included.push(copy);
          return copy;
        });
        parent.relationships = {
          ...parent.relationships,
          [group.name]: {
            data: Array.isArray(raw)
              ? canonical.map(refOf)
              : canonical[0]
                ? refOf(canonical[0])
                : null,
          },
        };
        for (const subtree of group.below.get(key) ?? []) {
          if (Object.keys(subtree).length === 0) continue;
          for (const resource of canonical) next.push({ resource, tree: subtree });
        }
      }
    }
    frontier = next;
  }
};

interface PathTree {
  [key: string]: PathTree | true;
}

const toPathTree = (paths: string[]): PathTree => {
  const root: PathTree = {};
  for (const path of paths) {
    const segments = path.split('.');
    let node = root;
    segments.forEach((segment, i) => {
      const existing = Object.hasOwn(node, segment) ? node[segment] : undefined;
      if (existing === true) return;
      if (i === segments.length - 1) {
        node[segment] = true;
        return;
      }
      const child: PathTree = existing ?? {};
      node[segment] = child;
      node = child;
    });
  }
  return root;
};

/** Keeps only the selected paths; a path into a value that is not a plain object keeps it whole. */
const pick = (
  attributes: Record<string, WireValue>,
  selection: PathTree,
): Record<string, WireValue> => {
  const out: Record<string, WireValue> = {};
  for (const [key, sub] of Object.entries(selection)) {
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (value === undefined) continue;
    out[key] = sub === true || !isWireObject(value) ? value : pick(value, sub);
  }
  return out;
};

const present = (
  resource: Resource,
  fields: FieldSelection,
  expanded: boolean,
): DocumentResource => {
  const out: DocumentResource = { id: resource.id, type: resource.type };
  if (expanded) {
    const selected = Object.hasOwn(fields, resource.type) ? fields[resource.type] : undefined;
    out.attributes = selected
      ? pick(resource.attributes, toPathTree(selected))
      : resource.attributes;
  }
  if (resource.relationships) out.relationships = resource.relationships;
  return out;
};

/** Builds the response document: resolves includes, applies limits and sparse fieldsets. */
export const buildDocument = async (input: BuildDocumentInput): Promise<ResourceDocument> => {
  const { include = [], graph = {}, fields = {}, limits = {}, meta = {}, expand = true } = input;
  const tree = toTree(include);
  if (input.type !== undefined) {
    for (const name of Object.keys(tree)) resolverFor(graph, input.type, name);
  }
  const primaries =
    input.data === null ? [] : Array.isArray(input.data) ? input.data : [input.data];
  // Copies, so callers' objects are never mutated; relationships are set only for asked includes.
  const roots = primaries.map((r): Resource => ({
    id: r.id,
    type: r.type,
    attributes: r.attributes,
  }));
  const registry = new Map<string, Resource>();
  for (const root of roots) if (!registry.has(keyOf(root))) registry.set(keyOf(root), root);
  const included: Resource[] = [];
  if (Object.keys(tree).length > 0)
    await resolveIncludes(roots, tree, graph, limits, registry, included);

  const data = roots.map((r) => present(r, fields, expand));
  return {
    data: input.data === null ? null : Array.isArray(input.data) ? data : (data[0] ?? null),
    included: included.map((r) => present(r, fields, true)),
    meta,
  };
};

/** Pagination meta (catalogue 1.7). */
export interface PaginationMeta {
  [key: string]: number | boolean | null;
  totalItems: number | null;
  totalPages: number | null;
  page: number;
  perPage: number;
}

/** `meta` for a paginated query; `paginationLimit` is the last page that may be requested. */
export const paginationMeta = (input: {
  page: number;
  perPage: number;
  totalItems: number;
  paginationLimit?: number;
}): PaginationMeta => {
  const meta: PaginationMeta = {
    totalItems: input.totalItems,
    totalPages: Math.ceil(input.totalItems / input.perPage),
    page: input.page,
    perPage: input.perPage,
  };
  if (input.paginationLimit !== undefined) meta.paginationLimit = input.paginationLimit;
  return meta;
};

/** `meta` for a query that cannot paginate (single page; totals unknown), catalogue 1.7. */
export const unsupportedPaginationMeta = (input: {
  page: number;
  perPage: number;
}): PaginationMeta => ({
  totalItems: null,
  totalPages: null,
  page: input.page,
  perPage: input.perPage,
  paginationUnsupported: true,
});

const resourceToWire = (r: DocumentResource): WireValue => {
  const out: { [key: string]: WireValue } = { id: r.id, type: new Keyword(r.type) };
  if (r.attributes) out.attributes = r.attributes;
  if (r.relationships) {
    const rels: { [key: string]: WireValue } = {};
    for (const [name, rel] of Object.entries(r.relationships)) {
      const data = rel.data;
      rels[name] = {
        data: data === null ? null : Array.isArray(data) ? data.map(refToWire) : refToWire(data),
      };
    }
    out.relationships = rels;
  }
  return out;
};

const refToWire = (ref: Ref): WireValue => ({ id: ref.id, type: new Keyword(ref.type) });

/** Converts a document to a wire value (resource types become keywords, as Sharetribe emits them). */
export const documentToWire = (doc: ResourceDocument): WireValue => ({
  data:
    doc.data === null
      ? null
      : Array.isArray(doc.data)
        ? doc.data.map(resourceToWire)
        : resourceToWire(doc.data),
  included: doc.included.map(resourceToWire),
  meta: doc.meta,
});
