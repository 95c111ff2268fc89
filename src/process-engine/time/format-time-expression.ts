import type { Period, Timepoint, TimeExpression } from './time-expression.ts';

const formatPeriod = (p: Period): string => `{:fn/period [${JSON.stringify(p.iso)}]}`;

function formatTimepoint(tp: Timepoint): string {
  switch (tp.kind) {
    case 'first-entered-state':
    case 'last-entered-state':
      return `:time/${tp.kind} :${tp.state}`;
    case 'first-transitioned':
      return `:time/${tp.kind} :${tp.transition}`;
    default:
      return `:time/${tp.kind}`;
  }
}

/** Renders an expression in its process.edn form (the inverse of parseTimeExpression). */
export function formatTimeExpression(expr: TimeExpression): string {
  switch (expr.fn) {
    case 'timepoint':
      return `{:fn/timepoint [${formatTimepoint(expr.timepoint)}]}`;
    case 'plus':
    case 'minus':
      return `{:fn/${expr.fn} [${[formatTimeExpression(expr.base), ...expr.periods.map(formatPeriod)].join(' ')}]}`;
    case 'min':
    case 'max':
      return `{:fn/${expr.fn} [${expr.args.map(formatTimeExpression).join(' ')}]}`;
    case 'ignore-if-past':
      return `{:fn/ignore-if-past [${formatTimeExpression(expr.arg)}]}`;
  }
}
