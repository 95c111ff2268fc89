/**
 * Typings for the parts of `transit-js` (0.8.x, CommonJS, untyped) that Bazaar uses. Decoded values
 * are `unknown`: callers narrow them, so no casts are needed at this boundary.
 */
declare module 'transit-js' {
  namespace transit {
    /** A transit keyword (`~:name`). */
    interface Keyword {
      readonly _name: string;
      toString(): string;
    }

    /** A transit map (hash or array map); keys may be any value. */
    interface TransitMap {
      forEach(callback: (value: unknown, key: unknown) => void): void;
      readonly size: number;
    }

    /** A read handler turns a tag's (already decoded) representation into a value. */
    type ReadHandler = (rep: unknown) => unknown;

    /** Builds maps while reading; used to produce plain objects instead of transit maps. */
    interface MapBuilder<M> {
      init(node: unknown): M;
      add(map: M, key: unknown, value: unknown, node: unknown): M;
      finalize(map: M, node: unknown): unknown;
    }

    interface ReaderOptions<M> {
      handlers?: Record<string, ReadHandler>;
      defaultHandler?: (tag: string, rep: unknown) => unknown;
      mapBuilder?: MapBuilder<M>;
    }

    interface Reader {
      read(text: string): unknown;
    }

    /** A write handler: `tag` names the transit tag, `rep` gives the value's representation. */
    interface WriteHandler {
      tag(value: unknown): string;
      rep(value: unknown): unknown;
      stringRep(value: unknown): string | null;
      getVerboseHandler?: () => WriteHandler;
    }

    interface WriteHandlerSpec<T> {
      tag: (value: T) => string;
      rep: (value: T) => unknown;
      stringRep?: (value: T) => string | null;
    }

    interface WriterOptions {
      /** A transit map from constructor to write handler. */
      handlers?: TransitMap;
      transform?: (value: unknown) => unknown;
      handlerForForeign?: (
        value: unknown,
        handlers: { get(key: string): WriteHandler | null },
      ) => WriteHandler | null;
    }

    interface Writer {
      write(value: unknown): string;
    }

    /** Any class constructor (used as a write-handler key). */
    type Constructor = abstract new (...args: never[]) => unknown;

    function reader<M>(type: 'json' | 'json-verbose', options?: ReaderOptions<M>): Reader;
    function writer(type: 'json' | 'json-verbose', options?: WriterOptions): Writer;
    function makeWriteHandler<T>(spec: WriteHandlerSpec<T>): WriteHandler;
    function keyword(name: string): Keyword;
    function isKeyword(value: unknown): value is Keyword;
    /** Builds a transit map from a flat `[k1, v1, k2, v2, …]` array. */
    function map(entries?: unknown[]): TransitMap;
    function isMap(value: unknown): value is TransitMap;
    /** True for JS integers and for transit's 64-bit Long values. */
    function isInteger(value: unknown): boolean;
  }
  export = transit;
}
