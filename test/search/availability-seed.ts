/**
 * Listings with availability plans, exceptions, bookings and stock for the availability-search
 * tests, inserted with SQL, and an independent model of availability written for the tests:
 * minute by minute, with wall-clock times from `Intl.DateTimeFormat` (not luxon, which the code
 * under test uses), whole UTC dates for day-based listings.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../src/store/db.ts';
import type { HoldState } from '../../src/store/tables/capacity.ts';
import type { ListingState } from '../../src/store/tables/listings.ts';
import { createTestMarketplace, type TestMarketplace } from '../support/factories.ts';
import { createTestUser } from '../support/users.ts';
import { rng } from './seed.ts';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const ZONES = ['Europe/Helsinki', 'America/New_York', 'Australia/Sydney', 'UTC'] as const;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

type DayPlan = { type: 'availability-plan/day'; entries: { dayOfWeek: string; seats: number }[] };
type TimePlan = { type: 'availability-plan/time'; timezone: string; entries: { dayOfWeek: string; startTime: string; endTime: string; seats: number }[] };
export type Plan = DayPlan | TimePlan | null;

export interface Period {
  start: Date;
  end: Date;
  seats: number;
}
export interface Booking extends Period {
  state: HoldState;
}

export interface AvailListing {
  id: string;
  state: ListingState;
  createdAt: Date;
  plan: Plan;
  exceptions: Period[];
  bookings: Booking[];
  stock: number | null;
}

export interface AvailSeeded {
  m: TestMarketplace;
  listings: AvailListing[];
}

// Plan times avoid 01:00–04:00, where DST changes happen in these zones: an entry boundary inside a
// skipped or repeated hour has no single reading, and the model would disagree by construction.
const TIMES = ['00:00', '06:00', '08:00', '09:30', '12:00', '13:00', '17:00', '18:30', '22:00'];

/**
 * `count` listings whose exceptions and bookings fall in [from, to): plans of every kind (none,
 * day, time in several zones), exceptions (some of a few hours on day plans, which then count
 * for the whole date), bookings in every state, stock defined or not.
 */
export async function seedAvailability(db: Db, opts: { count: number; seed: number; from: Date; to: Date }): Promise<AvailSeeded> {
  const random = rng(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] ?? xs[0]!;
  const m = await createTestMarketplace(db, 'Availability search');
  const author = (await createTestUser(db, m.marketplace.id)).user.id;
  const span = opts.to.getTime() - opts.from.getTime();
  // Instants on 5-minute marks in the window (exceptions and bookings); half the time on a UTC midnight.
  const at = (): number => {
    const t = opts.from.getTime() + Math.floor(random() * span);
    return random() < 0.5 ? Math.floor(t / DAY_MS) * DAY_MS : Math.floor(t / (5 * MINUTE_MS)) * 5 * MINUTE_MS;
  };
  const listings: AvailListing[] = [];
  for (let i = 0; i < opts.count; i++) {
    const r = random();
    let plan: Plan;
    if (r < 0.3) plan = null;
    else if (r < 0.65) {
      plan = { type: 'availability-plan/day', entries: DAYS.filter(() => random() < 0.85).map((d) => ({ dayOfWeek: d, seats: pick([0, 1, 1, 2, 3]) })) };
    } else {
      const entries: TimePlan['entries'] = [];
      for (const d of DAYS) {
        if (random() < 0.2) continue;
        const a = int(0, TIMES.length - 2);
        const b = int(a + 1, TIMES.length - 1);
        // Some entries are the whole day (00:00–00:00, the end meaning the next midnight).
        entries.push(
          random() < 0.2
            ? { dayOfWeek: d, startTime: '00:00', endTime: '00:00', seats: pick([1, 2]) }
            : { dayOfWeek: d, startTime: TIMES[a]!, endTime: TIMES[b]!, seats: pick([1, 1, 2, 3]) },
        );
      }
      plan = { type: 'availability-plan/time', timezone: pick(ZONES), entries };
    }
    // Non-overlapping exceptions (the API refuses overlapping ones).
    const exceptions: Period[] = [];
    for (let k = random() < 0.5 ? int(1, 3) : 0; k > 0; k--) {
      const start = at();
      const end = start + (random() < 0.5 ? int(1, 3) * DAY_MS : int(1, 48) * 30 * MINUTE_MS);
      if (exceptions.some((e) => e.start.getTime() < end && e.end.getTime() > start)) continue;
      exceptions.push({ start: new Date(start), end: new Date(end), seats: pick([0, 0, 1, 2, 3]) });
    }
    const bookings: Booking[] = [];
    for (let k = random() < 0.6 ? int(1, 4) : 0; k > 0; k--) {
      const start = at();
      const end = start + (random() < 0.5 ? int(1, 4) * DAY_MS : int(1, 24) * 30 * MINUTE_MS);
      bookings.push({ start: new Date(start), end: new Date(end), seats: pick([1, 1, 2]), state: pick(['pending', 'accepted', 'accepted', 'proposed', 'declined', 'cancelled'] as const) });
    }
    const s = random();
    listings.push({
      id: randomUUID(),
      state: s < 0.9 ? 'published' : 'closed',
      createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000),
      plan,
      exceptions,
      bookings,
      stock: random() < 0.4 ? null : int(0, 6),
    });
  }
  for (const l of listings) {
    await db
      .insertInto('listings')
      .values({
        id: l.id,
        marketplace_id: m.marketplace.id,
        author_id: author,
        state: l.state,
        title: `Listing ${l.id.slice(0, 8)}`,
        availability_plan: l.plan === null ? null : JSON.stringify(l.plan),
        public_data: '{}',
        private_data: '{}',
        metadata: '{}',
        stock_quantity: l.stock,
        created_at: l.createdAt,
        updated_at: l.createdAt,
      })
      .execute();
    for (const e of l.exceptions) {
      await db.insertInto('availability_exceptions').values({ id: randomUUID(), marketplace_id: m.marketplace.id, listing_id: l.id, start_at: e.start, end_at: e.end, seats: e.seats }).execute();
    }
    for (const b of l.bookings) {
      await db
        .insertInto('bookings')
        .values({ id: randomUUID(), marketplace_id: m.marketplace.id, listing_id: l.id, seats: b.seats, start_at: b.start, end_at: b.end, display_start: b.start, display_end: b.end, state: b.state })
        .execute();
    }
  }
  return { m, listings };
}

// ---- the independent model ----

const holding = (b: Booking): boolean => b.state === 'pending' || b.state === 'accepted';
const touches = (p: Period, from: number, to: number): boolean => p.start.getTime() < to && p.end.getTime() > from;

/** Free seats on the UTC date starting at `day` for a day-based listing (undefined: time plan). */
export function modelDayFree(l: AvailListing, day: number): number | undefined {
  if (l.plan !== null && l.plan.type !== 'availability-plan/day') return undefined;
  const weekday = DAYS[(new Date(day).getUTCDay() + 6) % 7];
  const planSeats = l.plan === null ? 1 : (l.plan.entries.find((e) => e.dayOfWeek === weekday)?.seats ?? 0);
  const exc = l.exceptions.filter((e) => touches(e, day, day + DAY_MS));
  const base = exc.length > 0 ? Math.min(...exc.map((e) => e.seats)) : planSeats;
  return base - l.bookings.filter((b) => holding(b) && touches(b, day, day + DAY_MS)).reduce((s, b) => s + b.seats, 0);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const wallClocks = new Map<string, { weekday: string; minutes: number }>();
/** Weekday and minutes past local midnight of an instant in a zone. */
function wallClock(zone: string, t: number): { weekday: string; minutes: number } {
  const key = `${zone} ${t}`;
  const cached = wallClocks.get(key);
  if (cached) return cached;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(zone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const out = { weekday: String(parts.weekday).toLowerCase().slice(0, 3), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  wallClocks.set(key, out);
  return out;
}
const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Free seats during the minute starting at `t`, for a time-plan listing. */
export function modelMinuteFree(l: AvailListing & { plan: TimePlan }, t: number): number {
  const exc = l.exceptions.filter((e) => e.start.getTime() <= t && e.end.getTime() > t);
  let base: number;
  if (exc.length > 0) base = Math.min(...exc.map((e) => e.seats));
  else {
    const { weekday, minutes } = wallClock(l.plan.timezone, t);
    const open = l.plan.entries.filter((e) => {
      const end = e.endTime === '00:00' ? 1440 : minutesOf(e.endTime);
      return e.dayOfWeek === weekday && minutes >= minutesOf(e.startTime) && minutes < end;
    });
    base = Math.max(0, ...open.map((e) => e.seats));
  }
  return base - l.bookings.filter((b) => holding(b) && b.start.getTime() <= t && b.end.getTime() > t).reduce((s, b) => s + b.seats, 0);
}

export interface ModelQuery {
  mode: 'day-full' | 'day-partial' | 'time-full' | 'time-partial';
  start: Date;
  end: Date;
  seats: number;
  minDuration: number;
}

/** Whether the model says the listing matches. */
export function modelMatches(l: AvailListing, q: ModelQuery): boolean {
  if (q.mode.startsWith('day-')) {
    const first = Math.floor(q.start.getTime() / DAY_MS) * DAY_MS;
    const last = Math.ceil(q.end.getTime() / DAY_MS) * DAY_MS;
    const ok: boolean[] = [];
    for (let d = first; d < last; d += DAY_MS) {
      const free = modelDayFree(l, d);
      if (free === undefined) return false;
      ok.push(free >= q.seats);
    }
    if (q.mode === 'day-full') return ok.every(Boolean);
    let run = 0;
    let best = 0;
    for (const o of ok) best = Math.max(best, (run = o ? run + 1 : 0));
    return best >= Math.max(1, q.minDuration);
  }
  if (l.plan === null || l.plan.type !== 'availability-plan/time') return false;
  const tl = { ...l, plan: l.plan };
  let run = 0;
  let best = 0;
  let all = true;
  for (let t = q.start.getTime(); t < q.end.getTime(); t += MINUTE_MS) {
    const ok = modelMinuteFree(tl, t) >= q.seats;
    all &&= ok;
    best = Math.max(best, (run = ok ? run + 1 : 0));
  }
  return q.mode === 'time-full' ? all : best > 0 && best >= q.minDuration;
}
