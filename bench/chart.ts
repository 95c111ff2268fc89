/**
 * A grouped bar chart of req/s per scenario (Bazaar and baseline side by side, p95 above each
 * bar), drawn as SVG and rendered to PNG with sharp — no chart library.
 */
import sharp from 'sharp';
import type { ScenarioResult } from './report.ts';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" axis maximum ≥ v (1, 1.2, 1.5, 2, … 8 × 10^k). */
const niceMax = (v: number): number => {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
};

export function chartSvg(title: string, results: ScenarioResult[]): string {
  const width = 900;
  const height = 480;
  const left = 70;
  const right = 20;
  const top = 60;
  const bottom = 70;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const values = results.flatMap((r) => [r.bazaar, r.baseline]).flatMap((o) => (o.status === 'measured' ? [o.measurement.rps] : []));
  const max = niceMax(Math.max(1, ...values) * 1.08); // headroom for the labels above the tallest bar
  const y = (v: number): number => top + plotH - (v / max) * plotH;
  const group = plotW / Math.max(1, results.length);
  const barW = Math.min(80, group / 3);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="28" text-anchor="middle" font-size="17" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const v = (max / 5) * i;
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${y(v) + 4}" text-anchor="end" font-size="12" fill="#555">${Math.round(v)}</text>`);
  }
  parts.push(`<text x="18" y="${top + plotH / 2}" font-size="13" fill="#333" transform="rotate(-90 18 ${top + plotH / 2})" text-anchor="middle">requests / second</text>`);
  results.forEach((r, i) => {
    const cx = left + group * i + group / 2;
    const bars: [string, string, ScenarioResult['bazaar']][] = [
      ['Bazaar', '#2f6fdf', r.bazaar],
      ['baseline', '#b8b8b8', r.baseline],
    ];
    bars.forEach(([, color, o], j) => {
      const x = cx - barW + j * barW;
      if (o.status !== 'measured') {
        parts.push(`<text x="${x + barW / 2}" y="${top + plotH - 6}" text-anchor="middle" font-size="11" fill="#a00">n/a</text>`);
        return;
      }
      const m = o.measurement;
      const dirty = m.non2xx > 0 || m.errors > 0 || m.timeouts > 0;
      parts.push(`<rect x="${x + 2}" y="${y(m.rps)}" width="${barW - 4}" height="${top + plotH - y(m.rps)}" fill="${color}"${dirty ? ' stroke="#d00" stroke-width="3"' : ''}/>`);
      parts.push(`<text x="${x + barW / 2}" y="${y(m.rps) - 18}" text-anchor="middle" font-size="11">${Math.round(m.rps)}/s</text>`);
      parts.push(`<text x="${x + barW / 2}" y="${y(m.rps) - 5}" text-anchor="middle" font-size="10" fill="#555">p95 ${m.p95 < 10 ? m.p95.toFixed(1) : Math.round(m.p95)} ms</text>`);
    });
    parts.push(`<text x="${cx}" y="${top + plotH + 22}" text-anchor="middle" font-size="14">${esc(r.name)}</text>`);
  });
  const ly = height - 22;
  parts.push(`<rect x="${left}" y="${ly - 11}" width="14" height="14" fill="#2f6fdf"/><text x="${left + 20}" y="${ly}" font-size="12">Bazaar (transit, auth, includes)</text>`);
  parts.push(`<rect x="${left + 260}" y="${ly - 11}" width="14" height="14" fill="#b8b8b8"/><text x="${left + 280}" y="${ly}" font-size="12">bare baseline (plain Fastify, same SQL, JSON)</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Renders the chart to a PNG file. */
export async function writeChartPng(path: string, title: string, results: ScenarioResult[]): Promise<void> {
  await sharp(Buffer.from(chartSvg(title, results))).png().toFile(path);
}
