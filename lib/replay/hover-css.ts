/**
 * rrweb's `adaptCssForReplay` (rrweb-snapshot) without its postcss parse: the same text, from one pass over it.
 *
 * Before rrweb's Replayer shows a page, it rewrites every stylesheet so that replayed hovering works: a selector
 * with `:hover` gets a copy with rrweb's `.\:hover` class, and the `(max|min)-device-(width|height)` media
 * features become `(max|min)-(width|height)`. rrweb does it with a full postcss parse and two plugins. On the
 * benchmark's GitHub-like page (376 KB of CSS) that took 270 ms of a 500–900 ms first frame.
 *
 * postcss gives back every node it did not change exactly as it read it, so all that matters is where each rule's
 * selector and each at-rule's prelude sits. This scans for them with postcss's own rules for comments, strings,
 * escapes, `url(` and brackets, and rewrites them as the two plugins do.
 *
 * It returns null where it cannot promise rrweb's output: a comment inside a prelude it rewrites (postcss drops
 * it), braces in a custom property's value, a sheet that does not close or has a stray word between its rules
 * (postcss refuses it, and rrweb keeps the text as it is). The caller then asks rrweb. A word without a colon
 * inside a declaration block goes unnoticed: such a sheet is adapted here where rrweb would leave it as it is.
 * A recorded stylesheet is the browser's own serialisation, which has none of these.
 */
const DEVICE_FEATURE = /(max|min)-device-(width|height)/g;
const HAS_DEVICE_FEATURE = /(max|min)-device-(width|height)/;
// Searched for first: a regexp that starts with an alternation reads a long sheet several times slower.
const DEVICE = '-device-';
const hasDeviceFeature = (css: string) => css.includes(DEVICE) && HAS_DEVICE_FEATURE.test(css);
const HOVER = ':hover';

const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const AT = 0x40;
const COLON = 0x3a;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;
const OPEN_SQUARE = 0x5b;
const CLOSE_SQUARE = 0x5d;
const OPEN_CURLY = 0x7b;
const CLOSE_CURLY = 0x7d;
const COMMA = 0x2c;

/** postcss's space token: space, newline, tab, carriage return, form feed. */
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d || c === 0x0c;
const isHexDigit = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
/** Ends an at-rule's name (postcss's RE_AT_END). */
const endsAtName = (c: number) => isSpace(c) || '"#\'()/;[\\]{}'.includes(String.fromCharCode(c));

/** How many backslashes run back from just before `at`: an odd count escapes the character at `at`. */
function backslashesBefore(css: string, at: number): number {
  let n = 0;
  while (css.charCodeAt(at - 1 - n) === BACKSLASH) n++;
  return n;
}

/** The index of the first unescaped `close` after `open`, or -1 (postcss's strings and bare `url(`). */
function closing(css: string, open: number, close: string): number {
  let at = open;
  do at = css.indexOf(close, at + 1);
  while (at >= 0 && backslashesBefore(css, at) % 2 === 1);
  return at;
}

/** The last index of the escape that starts with the backslash at `at`, as postcss's tokenizer reads it. */
function escapeEnd(css: string, at: number): number {
  const next = css.charCodeAt(at + 1);
  if (Number.isNaN(next) || next === SLASH || isSpace(next)) return at;
  let end = at + 1;
  if (isHexDigit(next)) {
    while (isHexDigit(css.charCodeAt(end + 1))) end++;
    if (css.charCodeAt(end + 1) === 0x20) end++;
  }
  return end;
}

/** `url(` with no quote after it: postcss reads it to the next unescaped `)` as one token (its RE_URL_NAME). */
const URL_NAME = /(^|[\t\n\f\r "'(),/:;[\]{}])url$/i;
const QUOTED = /[\t\n\f\r ]*["']/y;

function isBareUrl(css: string, open: number): boolean {
  if (!URL_NAME.test(css.substring(open - 4, open))) return false;
  QUOTED.lastIndex = open + 1;
  return !QUOTED.test(css);
}

/**
 * A selector list's selectors, as postcss's `list.comma` splits them (a comma outside quotes and parentheses),
 * which rrweb's plugin reads through `rule.selectors`. Sliced rather than built a character at a time, as
 * `list.comma` does: on the benchmark's page that was a third of the whole adaptation.
 */
function selectorsOf(list: string): string[] {
  const out: string[] = [];
  let from = 0;
  let parens = 0;
  let quote = 0;
  let escaped = false;
  for (let i = 0; i < list.length; i++) {
    const c = list.charCodeAt(i);
    if (escaped) escaped = false;
    else if (c === BACKSLASH) escaped = true;
    else if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) quote = c;
    else if (c === OPEN_PAREN) parens++;
    else if (c === CLOSE_PAREN) {
      if (parens > 0) parens--;
    } else if (c === COMMA && parens === 0) {
      out.push(list.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(list.slice(from).trim());
  return out;
}

/** What rrweb's hover plugin makes of a rule's selector. */
function withHoverClass(selector: string): string {
  let out = selector;
  for (const one of selectorsOf(selector)) if (one.includes(HOVER)) out += ',\n' + one.replace(/:hover/g, '.\\:hover');
  return out;
}

// postcss (8.5.33) writes `<style`, `</style` and `<!--` with the `<` escaped, so that CSS inlined in HTML cannot
// end its element; rrweb's text has them so.
const STYLE_TAG = /(<)(\/?style\b)/gi;
const COMMENT_OPEN = /(<)(!--)/g;
const escapeHtml = (css: string) => (css.includes('<') ? css.replace(STYLE_TAG, '\\3c $2').replace(COMMENT_OPEN, '\\3c $2') : css);

/** Past the spaces and comments from `from`: where a statement's own text starts, or `to`. */
function contentStart(css: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const c = css.charCodeAt(at);
    if (isSpace(c)) at++;
    else if (c === SLASH && css.charCodeAt(at + 1) === STAR) at = css.indexOf('*/', at + 2) + 2;
    else break;
  }
  return Math.min(at, to);
}

/**
 * Where the statement that starts at `start` and runs to its `{`, `;` or `}` at `to` ends as postcss reads it
 * (past its last token that is neither space nor comment), and whether a comment sits before that end. `comments`:
 * whether any comment lies in the stretch at all; without one, the end is found by trimming spaces.
 */
function statementEnd(css: string, start: number, to: number, comments: boolean): { end: number; commentInside: boolean } {
  if (!comments) {
    let end = to;
    while (end > start && isSpace(css.charCodeAt(end - 1))) end--;
    // A hex escape takes one space after it into its token: `.a\31 {`.
    let hex = end;
    while (hex > start && isHexDigit(css.charCodeAt(hex - 1))) hex--;
    const escaped = hex < end && css.charCodeAt(hex - 1) === BACKSLASH && backslashesBefore(css, hex) % 2 === 1;
    if (escaped && css.charCodeAt(end) === 0x20 && end < to) end++;
    return { end, commentInside: false };
  }
  let end = start;
  let afterComment = false;
  let commentInside = false;
  for (let i = start; i < to; i++) {
    const c = css.charCodeAt(i);
    if (isSpace(c)) continue;
    if (c === SLASH && css.charCodeAt(i + 1) === STAR) {
      i = css.indexOf('*/', i + 2) + 1;
      afterComment = true;
      continue;
    }
    if (afterComment) commentInside = true;
    if (c === QUOTE || c === APOSTROPHE) i = closing(css, i, css[i]!);
    else if (c === BACKSLASH) i = escapeEnd(css, i);
    else if (c === OPEN_PAREN && isBareUrl(css, i)) i = closing(css, i, ')');
    end = i + 1;
  }
  return { end, commentInside };
}

// A declaration block with no block, at-rule, string, escape, comment or attribute selector inside, as most are.
// Its end is the next `}` past any brackets, found without reading its declarations one by one. A declaration
// that postcss would refuse (no colon) goes unnoticed inside one.
const LEAF_STOP = /[{}@"'\\/[(]/g;
const BAD_BRACKET = /.[\r\n"'(/\\]/; // postcss's RE_BAD_BRACKET: such brackets are read token by token

/** The index of the `}` that ends the block opened at `open` if it is such a leaf, or -1. */
function leafBlockEnd(css: string, open: number): number {
  LEAF_STOP.lastIndex = open + 1;
  for (;;) {
    const m = LEAF_STOP.exec(css);
    if (!m) return -1;
    const at = m.index;
    const c = css.charCodeAt(at);
    if (c === CLOSE_CURLY) return at;
    if (c !== OPEN_PAREN) return -1;
    const bare = isBareUrl(css, at);
    const close = bare ? closing(css, at, ')') : css.indexOf(')', at + 1);
    if (close < 0 || (!bare && BAD_BRACKET.test(css.slice(at, close + 1)))) return -1;
    LEAF_STOP.lastIndex = close + 1;
  }
}

// What the scan stops at: comments, strings, escapes, brackets, and what ends a statement. Whatever lies between
// is a statement's own text, which the scan need not read, so V8's regexp engine skips it even before the
// function is optimised (the first call, the one a first frame waits for).
const STRUCTURE = /\/\*|["'\\()[\]{};:]/g;

export function adaptCssForHover(css: string): string | null {
  if (!css.includes(HOVER) && !hasDeviceFeature(css)) return escapeHtml(css);
  let out = '';
  let copied = 0;
  const replace = (from: number, to: number, text: string) => {
    out += css.slice(copied, from) + text;
    copied = to;
  };

  // The next `:hover` and device feature at or after a statement: statements only move forward, so each search
  // starts where the last one stopped.
  let hover = -1;
  let device = -1;
  const hoverFrom = (from: number) => {
    if (hover < from) {
      const at = css.indexOf(HOVER, from);
      hover = at < 0 ? Infinity : at;
    }
    return hover;
  };
  const deviceFrom = (from: number) => {
    if (device < from) {
      const near = css.indexOf(DEVICE, from);
      DEVICE_FEATURE.lastIndex = Math.max(from, near - 3);
      device = near < 0 ? Infinity : (DEVICE_FEATURE.exec(css)?.index ?? Infinity);
    }
    return device;
  };

  /** Rewrites the statement in [from, to) that `by` ends, if a plugin would; false where postcss reads it otherwise. */
  const finish = (from: number, to: number, by: 'block' | 'other', comments: boolean, colon: boolean): boolean => {
    const start = contentStart(css, from, to);
    if (start === to) return true;
    if (css.charCodeAt(start) === AT) {
      if (deviceFrom(start) >= to) return true;
      const { end, commentInside } = statementEnd(css, start, to, comments);
      let name = start + 1;
      while (name < end && !endsAtName(css.charCodeAt(name))) name++;
      const params = css.slice(name, end);
      if (!HAS_DEVICE_FEATURE.test(params)) return true;
      if (commentInside) return false;
      replace(name, end, params.replace(DEVICE_FEATURE, '$1-$2'));
      return true;
    }
    if (by !== 'block') return colon; // a declaration; postcss refuses anything else here
    if (css.startsWith('--', start)) return false; // a custom property may hold braces; postcss reads it as one
    if (hoverFrom(start) >= to) return true;
    const { end, commentInside } = statementEnd(css, start, to, comments);
    const selector = css.slice(start, end);
    if (!selector.includes(HOVER)) return true;
    if (commentInside) return false;
    replace(start, end, withHoverClass(selector));
    return true;
  };

  const closers: number[] = [];
  let depth = 0;
  let statement = 0;
  let comments = false;
  let colon = false;
  STRUCTURE.lastIndex = 0;
  for (let m = STRUCTURE.exec(css); m; m = STRUCTURE.exec(css)) {
    const at = m.index;
    const c = css.charCodeAt(at);
    let skipTo = -1;
    if (c === SLASH) {
      const close = css.indexOf('*/', at + 2);
      if (close < 0) return null;
      comments = true;
      skipTo = close + 2;
    } else if (c === QUOTE || c === APOSTROPHE) {
      const close = closing(css, at, css[at]!);
      if (close < 0) return null;
      skipTo = close + 1;
    } else if (c === BACKSLASH) {
      skipTo = escapeEnd(css, at) + 1;
    } else if (c === OPEN_PAREN && isBareUrl(css, at)) {
      const close = closing(css, at, ')');
      if (close < 0) return null;
      skipTo = close + 1;
    } else if (c === OPEN_PAREN) closers.push(CLOSE_PAREN);
    else if (c === OPEN_SQUARE) closers.push(CLOSE_SQUARE);
    else if (c === CLOSE_PAREN || c === CLOSE_SQUARE) {
      if (closers.at(-1) === c) closers.pop();
    } else if (closers.length > 0) {
      // inside brackets nothing ends a statement
    } else if (c === COLON) colon = true;
    else {
      if (!finish(statement, at, c === OPEN_CURLY ? 'block' : 'other', comments, colon)) return null;
      const leafEnd = c === OPEN_CURLY ? leafBlockEnd(css, at) : -1;
      if (leafEnd >= 0) skipTo = leafEnd + 1;
      else if (c === OPEN_CURLY) depth++;
      else if (c === CLOSE_CURLY && --depth < 0) return null;
      statement = leafEnd >= 0 ? leafEnd + 1 : at + 1;
      comments = colon = false;
    }
    if (skipTo >= 0) STRUCTURE.lastIndex = skipTo;
  }
  if (closers.length > 0 || depth !== 0 || !finish(statement, css.length, 'other', comments, colon)) return null;
  return escapeHtml(out + css.slice(copied));
}
