/**
 * Typed values that the wire layer encodes specially (transit tags `~u`, `~#mn`, `~#geo`, `~f`,
 * keywords). Pure value classes with no imports, so the domain and the wire layer share them.
 */
export class Uuid {
  constructor(readonly uuid: string) {}
  toString(): string {
    return this.uuid;
  }
}

/** Money in integer minor units of an ISO 4217 currency. */
export class Money {
  constructor(
    readonly amount: number,
    readonly currency: string,
  ) {}
}

export class LatLng {
  constructor(
    readonly lat: number,
    readonly lng: number,
  ) {}
}

/** Arbitrary-precision decimal carried as its canonical string. */
export class Decimal {
  constructor(readonly value: string) {}
}

/** A keyword value (`~:name` in transit); a plain string in JSON. */
export class Keyword {
  constructor(readonly name: string) {}
}

/** A value as it appears in a request or response, before encoding. */
export type WireValue =
  | null
  | string
  | number
  | boolean
  | Date
  | Uuid
  | Money
  | LatLng
  | Decimal
  | Keyword
  | WireValue[]
  | { [key: string]: WireValue };
