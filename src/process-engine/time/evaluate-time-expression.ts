// Evaluates a time expression against a transaction's history (domain.md §1.7, §1.8).
//
// Zone: Flex timestamps are UTC instants and periods are applied in UTC (§1.7: "PnD = n×24h in UTC";
// month/year periods "recommend UTC calendar arithmetic"). Periods are applied with luxon in the
// context's `zone` (default UTC), calendar units first then clock units, so a different zone would
// be DST-correct (P1D across a spring-forward = 23h); in UTC calendar days are always 24h.
//
// Missing values (UNCONFIRMED in the reference; its recommendation is followed): a timepoint that does
// not exist yields null; plus/minus of null is null; min/max ignore nulls and are null only when every
// argument is; ignore-if-past is null when its argument is null or strictly before `now`.
import { DateTime, Duration } from 'luxon';
import type { Period, Timepoint, TimeExpression } from './time-expression.ts';

/** One executed transition: its name, the state it entered, and when. */
export interface TransitionRecord {
  readonly transition: string;
  readonly state: string;
  readonly at: Date;
}

/** The booking times a timepoint may refer to; display times default to start/end. */
export interface BookingTimes {
  readonly start: Date;
  /** Exclusive end. */
  readonly end: Date;
  readonly displayStart?: Date;
  readonly displayEnd?: Date;
}

/** Everything an expression can depend on; evaluation is a pure function of it. */
export interface TimeContext {
  /** The moment of evaluation (used by ignore-if-past only). */
  readonly now: Date;
  /** When the transaction was created; defaults to the earliest history entry. */
  readonly initiatedAt?: Date;
  readonly booking?: BookingTimes;
  /** Executed transitions (any order); includes the transition being completed, if any. */
  readonly transitions: readonly TransitionRecord[];
  /** IANA zone for calendar arithmetic; Flex semantics are UTC, the default. */
  readonly zone?: string;
}

/** Computes the instant an expression denotes, or null when it denotes nothing (⇒ don't schedule). */
export function evaluateTimeExpression(expr: TimeExpression, context: TimeContext): Date | null {
  const ms = evaluate(expr, context);
  return ms === null ? null : new Date(ms);
}

function evaluate(expr: TimeExpression, ctx: TimeContext): number | null {
  switch (expr.fn) {
    case 'timepoint': {
      const t = resolveTimepoint(expr.timepoint, ctx);
      return t === undefined ? null : t.getTime();
    }
    case 'plus':
    case 'minus': {
      const base = evaluate(expr.base, ctx);
      if (base === null) return null;
      return expr.periods.reduce(
        (t, p) => shift(t, p, expr.fn === 'plus' ? 1 : -1, ctx.zone),
        base,
      );
    }
    case 'min':
    case 'max': {
      const values = expr.args.map((a) => evaluate(a, ctx)).filter((v): v is number => v !== null);
      if (values.length === 0) return null;
      return expr.fn === 'min' ? Math.min(...values) : Math.max(...values);
    }
    case 'ignore-if-past': {
      const t = evaluate(expr.arg, ctx);
      return t === null || t < ctx.now.getTime() ? null : t;
    }
  }
}

function resolveTimepoint(tp: Timepoint, ctx: TimeContext): Date | undefined {
  switch (tp.kind) {
    case 'tx-initiated':
      return ctx.initiatedAt ?? earliest(ctx.transitions);
    case 'first-entered-state':
      return earliest(ctx.transitions.filter((r) => r.state === tp.state));
    case 'last-entered-state':
      return latest(ctx.transitions.filter((r) => r.state === tp.state));
    case 'first-transitioned':
      return earliest(ctx.transitions.filter((r) => r.transition === tp.transition));
    case 'booking-start':
      return ctx.booking?.start;
    case 'booking-end':
      return ctx.booking?.end;
    case 'booking-display-start':
      return ctx.booking && (ctx.booking.displayStart ?? ctx.booking.start);
    case 'booking-display-end':
      return ctx.booking && (ctx.booking.displayEnd ?? ctx.booking.end);
  }
}

const earliest = (records: readonly TransitionRecord[]): Date | undefined =>
  records.reduce<Date | undefined>((m, r) => (m === undefined || r.at < m ? r.at : m), undefined);

const latest = (records: readonly TransitionRecord[]): Date | undefined =>
  records.reduce<Date | undefined>((m, r) => (m === undefined || r.at >= m ? r.at : m), undefined);

/** Adds (sign 1) or subtracts (sign -1) one period, calendar-aware in `zone`. */
function shift(ms: number, p: Period, sign: 1 | -1, zone = 'UTC'): number {
  const start = DateTime.fromMillis(ms, { zone });
  if (!start.isValid) throw new RangeError(`invalid time zone or instant: ${zone}`);
  const duration = Duration.fromObject({
    years: p.years,
    months: p.months,
    weeks: p.weeks,
    days: p.days,
    hours: p.hours,
    minutes: p.minutes,
    milliseconds: Math.round(p.seconds * 1000),
  });
  const end = sign === 1 ? start.plus(duration) : start.minus(duration);
  if (!end.isValid) throw new RangeError(`period ${p.iso} moves the time out of range`);
  return end.toMillis();
}
