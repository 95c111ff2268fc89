/**
 * Typed reads of JSON this module stored itself (operation requests and results): a mismatch means
 * corrupt data, so it throws rather than guessing.
 */
import type { PaymentJson, PaymentJsonObject } from '../../store/tables/payments.ts';

const fail = (key: string, expected: string): Error => new Error(`Stored payment JSON: ${key} is not ${expected}.`);

export interface JsonReader {
  str(key: string): string;
  strOrNull(key: string): string | null;
  num(key: string): number;
  numOrNull(key: string): number | null;
  bool(key: string): boolean;
  strs(key: string): string[];
  strMap(key: string): Record<string, string>;
  obj(key: string): PaymentJsonObject | null;
}

export const isJsonObject = (v: PaymentJson | undefined): v is PaymentJsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A reader over one stored JSON object. */
export function readJson(o: PaymentJsonObject): JsonReader {
  const get = (key: string): PaymentJson | undefined => (Object.hasOwn(o, key) ? o[key] : undefined);
  return {
    str(key) {
      const v = get(key);
      if (typeof v !== 'string') throw fail(key, 'a string');
      return v;
    },
    strOrNull(key) {
      const v = get(key);
      if (v === null || v === undefined) return null;
      if (typeof v !== 'string') throw fail(key, 'a string');
      return v;
    },
    num(key) {
      const v = get(key);
      if (typeof v !== 'number') throw fail(key, 'a number');
      return v;
    },
    numOrNull(key) {
      const v = get(key);
      if (v === null || v === undefined) return null;
      if (typeof v !== 'number') throw fail(key, 'a number');
      return v;
    },
    bool(key) {
      const v = get(key);
      if (typeof v !== 'boolean') throw fail(key, 'a boolean');
      return v;
    },
    strs(key) {
      const v = get(key);
      if (!Array.isArray(v)) throw fail(key, 'an array');
      return v.map((x) => {
        if (typeof x !== 'string') throw fail(key, 'an array of strings');
        return x;
      });
    },
    strMap(key) {
      const v = get(key);
      if (!isJsonObject(v)) throw fail(key, 'an object');
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(v)) {
        if (typeof x !== 'string') throw fail(key, 'an object of strings');
        out[k] = x;
      }
      return out;
    },
    obj(key) {
      const v = get(key);
      if (v === null || v === undefined) return null;
      if (!isJsonObject(v)) throw fail(key, 'an object');
      return v;
    },
  };
}
