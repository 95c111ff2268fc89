/**
 * The plain-text body derived from an email's HTML (Sharetribe templates have only subject + HTML;
 * the text part is generated). Not a general HTML renderer: enough for transactional mail —
 * paragraphs and line breaks, list items, links shown with their address, entities decoded.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  copy: '©',
  reg: '®',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  euro: '€',
  pound: '£',
};

/** Decodes named (common ones) and numeric character references. */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

const BLOCK_END = /<\/(p|div|h[1-6]|tr|table|ul|ol|blockquote|section|article|header|footer)\s*>/gi;
const BLOCK_START =
  /<(p|div|h[1-6]|table|ul|ol|blockquote|section|article|header|footer)(\s[^>]*)?>/gi;

/** Converts an email's HTML body to readable plain text. */
export function htmlToText(html: string): string {
  let s = html.replace(/\r\n?/g, '\n');
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<(head|style|script|title)(\s[^>]*)?>[\s\S]*?<\/\1\s*>/gi, '');
  // Source whitespace is insignificant in HTML; line structure comes from the tags below.
  s = s.replace(/\s+/g, ' ');
  s = s.replace(
    /<a\s[^>]*?href\s*=\s*("([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi,
    (_m, _q, dq?: string, sq?: string, inner?: string) => {
      const href = decodeEntities(dq ?? sq ?? '').trim();
      const label = (inner ?? '').replace(/<[^>]*>/g, '').trim();
      if (!href || href.startsWith('#')) return label;
      if (!label || decodeEntities(label) === href) return href;
      return `${label} (${href})`;
    },
  );
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<li(\s[^>]*)?>/gi, '\n- ');
  s = s.replace(/<\/(td|th)\s*>/gi, ' ');
  s = s.replace(/<hr(\s[^>]*)?\/?>/gi, '\n\n---\n\n');
  s = s.replace(BLOCK_START, '\n\n').replace(BLOCK_END, '\n\n');
  s = s.replace(/<[^>]*>/g, '');
  s = decodeEntities(s);
  return s
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
