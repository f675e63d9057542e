/**
 * Makes recorded CSS inert before it is replayed: nothing in it may make a request. The side panel's CSP would
 * refuse such requests anyway; this is the first line, so that a replay never even tries (and so that a trace
 * replays the same wherever its CSP is weaker, such as the share service's web viewer).
 *
 * - `url(...)` and `src(...)` keep only `data:` and same-document `#fragment` targets; anything else becomes `none`,
 *   which turns a fetching declaration into one the browser ignores (or paints without the image).
 * - `image-set(...)` takes bare strings as URLs: it is replaced whole by `none`.
 * - `@import` becomes an unknown at-rule, which the parser drops together with its prelude. `@font-face` rules
 *   stay, but with their `url()`s neutered they can only use `data:` or `local()` fonts: no request.
 * - CSS escapes can spell those names (`\75 rl(`): escapes that stand for ASCII letters are decoded first. A letter
 *   means the same thing escaped or not, so decoding them never changes what the stylesheet does.
 */

const LETTER_ESCAPE = /\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|([g-zG-Z]))/g;

function decodeLetterEscapes(css: string): string {
  if (!css.includes('\\')) return css;
  return css.replace(LETTER_ESCAPE, (whole, hex: string | undefined, letter: string | undefined) => {
    if (letter) return letter;
    const code = Number.parseInt(hex!, 16);
    const isLetter = (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
    return isLetter ? String.fromCharCode(code) : whole;
  });
}

/** Index just past the `)` that closes the function whose `(` is at `open`, honouring strings and escapes. */
function closingParen(css: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = open; i < css.length; i++) {
    const c = css[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote || c === '\n') quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  // An unclosed function runs to the end of the stylesheet, as the CSS parser reads it.
  return css.length;
}

function unquote(arg: string): string {
  const t = arg.trim();
  const q = t[0];
  if ((q === '"' || q === "'") && t.length >= 1) return t.slice(1, t.endsWith(q) && t.length > 1 ? -1 : undefined);
  return t;
}

/** A URL that a replay may keep: inline data, or a reference inside the same document (SVG gradients, masks). */
export function isInertCssUrl(url: string): boolean {
  const u = url.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return u.startsWith('data:') || u.startsWith('#');
}

const FETCHING_FUNCTION = /(url|src|image-set)\(/gi;

export function sanitizeCss(input: string): string {
  let css = decodeLetterEscapes(input);
  if (/@import/i.test(css)) css = css.replace(/@import/gi, '@shadowtrace-removed-import');
  if (!/(url|src|image-set)\(/i.test(css)) return css;
  let out = '';
  let last = 0;
  FETCHING_FUNCTION.lastIndex = 0;
  for (let m = FETCHING_FUNCTION.exec(css); m; m = FETCHING_FUNCTION.exec(css)) {
    const name = m[1]!.toLowerCase();
    const start = m.index;
    // `src(` inside an identifier such as `img-src(` is not the CSS src() function.
    if (name === 'src' && start > 0 && /[\w-]/.test(css[start - 1]!)) continue;
    const open = start + m[1]!.length;
    const end = closingParen(css, open);
    const inner = css.slice(open + 1, css[end - 1] === ')' ? end - 1 : end);
    const keep = name !== 'image-set' && isInertCssUrl(unquote(inner));
    out += css.slice(last, start) + (keep ? css.slice(start, end) : 'none');
    last = end;
    FETCHING_FUNCTION.lastIndex = end;
  }
  return out + css.slice(last);
}
