/**
 * A small CSS selector engine over rrweb's serialised tree (lib/clip/vdom.ts), so that redactions by selector are
 * resolved at clip time without a rendered DOM (a service worker has none).
 *
 * Supported: `*`, type, `#id`, `.class`, `[attr]`, `[attr=v]` `~=` `|=` `^=` `$=` `*=` (quoted or not, optional
 * ` i` flag), `:not(<compound>)`, combinators descendant, `>`, `+`, `~`, and `,` lists. Anything else (other
 * pseudo-classes, pseudo-elements, namespaces) is refused with a SelectorError: a redaction that silently matched
 * nothing would publish what the author meant to hide.
 *
 * Matching crosses shadow roots and same-origin iframes (the serialised tree nests them under their host), so a
 * selector can match more than `querySelectorAll` would: for redaction, more is the safe side.
 */
import { NodeType, type VirtualDom } from '../clip/vdom';

export class SelectorError extends Error {
  constructor(
    readonly selector: string,
    reason: string,
  ) {
    super(`The redaction selector "${selector}" cannot be used: ${reason}.`);
    this.name = 'SelectorError';
  }
}

interface AttrTest {
  name: string;
  op: '' | '=' | '~=' | '|=' | '^=' | '$=' | '*=';
  value: string;
  insensitive: boolean;
}

interface Compound {
  tag: string | null;
  ids: string[];
  classes: string[];
  attrs: AttrTest[];
  nots: Compound[];
}

type Combinator = ' ' | '>' | '+' | '~';

/** Right to left: parts[0] is the subject; combinators[i] joins parts[i] to parts[i + 1] (to its left). */
interface Complex {
  parts: Compound[];
  combinators: Combinator[];
}

export interface CompiledSelector {
  source: string;
  alternatives: Complex[];
}

const IDENT = /^-?(?:[_a-zA-Z\u00a0-\uffff]|\\.)(?:[-\w\u00a0-\uffff]|\\.)*/;

function unescapeIdent(s: string): string {
  return s.replace(/\\([0-9a-fA-F]{1,6}\s?|.)/g, (_m, e: string) =>
    /^[0-9a-fA-F]/.test(e) && e.trim().length > 0 && /^[0-9a-fA-F]+$/.test(e.trim())
      ? String.fromCodePoint(Number.parseInt(e.trim(), 16))
      : e,
  );
}

class Parser {
  i = 0;
  constructor(
    readonly src: string,
    readonly full: string,
  ) {}

  fail(reason: string): never {
    throw new SelectorError(this.full, reason);
  }
  rest(): string {
    return this.src.slice(this.i);
  }
  skipSpace(): boolean {
    const m = /^\s+/.exec(this.rest());
    if (m) this.i += m[0].length;
    return Boolean(m);
  }
  ident(): string {
    const m = IDENT.exec(this.rest());
    if (!m) this.fail(`expected a name at "${this.rest().slice(0, 20)}"`);
    this.i += m[0].length;
    return unescapeIdent(m[0]);
  }

  list(): Complex[] {
    const out: Complex[] = [];
    for (;;) {
      this.skipSpace();
      out.push(this.complex());
      this.skipSpace();
      if (this.i >= this.src.length) return out;
      if (this.src[this.i] === ',') {
        this.i++;
        continue;
      }
      this.fail(`unexpected "${this.src[this.i]}"`);
    }
  }

  complex(): Complex {
    const parts: Compound[] = [this.compound()];
    const combinators: Combinator[] = [];
    for (;;) {
      const spaced = this.skipSpace();
      const c = this.src[this.i];
      if (c === undefined || c === ',' || c === ')') break;
      let comb: Combinator = ' ';
      if (c === '>' || c === '+' || c === '~') {
        comb = c;
        this.i++;
        this.skipSpace();
      } else if (!spaced) this.fail(`unexpected "${c}"`);
      combinators.push(comb);
      parts.push(this.compound());
    }
    return { parts: parts.reverse(), combinators: combinators.reverse() };
  }

  compound(): Compound {
    const c: Compound = { tag: null, ids: [], classes: [], attrs: [], nots: [] };
    const start = this.i;
    if (this.src[this.i] === '*') {
      this.i++;
      c.tag = '*';
    } else if (IDENT.test(this.rest())) c.tag = this.ident().toLowerCase();
    for (;;) {
      const ch = this.src[this.i];
      if (ch === '#') {
        this.i++;
        c.ids.push(this.ident());
      } else if (ch === '.') {
        this.i++;
        c.classes.push(this.ident());
      } else if (ch === '[') {
        this.i++;
        c.attrs.push(this.attr());
      } else if (ch === ':') {
        if (this.src.startsWith(':not(', this.i)) {
          this.i += 5;
          this.skipSpace();
          c.nots.push(this.compound());
          this.skipSpace();
          if (this.src[this.i] !== ')') this.fail('":not()" takes one compound selector here');
          this.i++;
        } else this.fail(`"${this.rest().split(/[\s,>+~]/)[0]}" is not supported (only :not() is)`);
      } else break;
    }
    if (this.i === start) this.fail(`expected a selector at "${this.rest().slice(0, 20)}"`);
    return c;
  }

  attr(): AttrTest {
    this.skipSpace();
    const name = this.ident().toLowerCase();
    this.skipSpace();
    const m = /^([~|^$*]?=)/.exec(this.rest());
    if (!m) {
      if (this.src[this.i] !== ']') this.fail('malformed attribute selector');
      this.i++;
      return { name, op: '', value: '', insensitive: false };
    }
    this.i += m[1]!.length;
    this.skipSpace();
    let value: string;
    const q = this.src[this.i];
    if (q === '"' || q === "'") {
      let j = this.i + 1;
      let v = '';
      for (; j < this.src.length && this.src[j] !== q; j++) {
        if (this.src[j] === '\\') j++;
        v += this.src[j] ?? '';
      }
      if (j >= this.src.length) this.fail('unclosed string');
      value = v;
      this.i = j + 1;
    } else value = this.ident();
    this.skipSpace();
    let insensitive = false;
    if (/^[iI]\b/.test(this.rest())) {
      insensitive = true;
      this.i++;
      this.skipSpace();
    } else if (/^[sS]\b/.test(this.rest())) {
      this.i++;
      this.skipSpace();
    }
    if (this.src[this.i] !== ']') this.fail('malformed attribute selector');
    this.i++;
    return { name, op: m[1] as AttrTest['op'], value, insensitive };
  }
}

export function compileSelector(selector: string): CompiledSelector {
  const trimmed = selector.trim();
  if (!trimmed) throw new SelectorError(selector, 'it is empty');
  if (trimmed.length > 1000) throw new SelectorError(selector.slice(0, 40) + '…', 'it is too long');
  return { source: selector, alternatives: new Parser(trimmed, selector).list() };
}

function attrValue(dom: VirtualDom, id: number, name: string): string | null {
  const attrs = dom.get(id)?.attributes;
  if (!attrs) return null;
  for (const [k, v] of Object.entries(attrs)) {
    if (k.toLowerCase() !== name) continue;
    if (v === null || v === undefined || v === false) return null;
    return v === true ? '' : String(v);
  }
  return null;
}

function testAttr(dom: VirtualDom, id: number, t: AttrTest): boolean {
  const raw = attrValue(dom, id, t.name);
  if (raw === null) return false;
  if (t.op === '') return true;
  const v = t.insensitive ? raw.toLowerCase() : raw;
  const want = t.insensitive ? t.value.toLowerCase() : t.value;
  switch (t.op) {
    case '=':
      return v === want;
    case '~=':
      return v.split(/\s+/).includes(want);
    case '|=':
      return v === want || v.startsWith(`${want}-`);
    case '^=':
      return want !== '' && v.startsWith(want);
    case '$=':
      return want !== '' && v.endsWith(want);
    case '*=':
      return want !== '' && v.includes(want);
  }
}

function matchCompound(dom: VirtualDom, id: number, c: Compound): boolean {
  const node = dom.get(id);
  if (!node || node.type !== NodeType.Element) return false;
  const tag = dom.tag(id) ?? '';
  if (c.tag && c.tag !== '*' && c.tag !== tag) return false;
  for (const want of c.ids) if (attrValue(dom, id, 'id') !== want) return false;
  if (c.classes.length > 0) {
    const classes = (attrValue(dom, id, 'class') ?? '').split(/\s+/);
    for (const want of c.classes) if (!classes.includes(want)) return false;
  }
  for (const a of c.attrs) if (!testAttr(dom, id, a)) return false;
  for (const n of c.nots) if (matchCompound(dom, id, n)) return false;
  return true;
}

function elementParent(dom: VirtualDom, id: number): number | null {
  let p = dom.parentOf(id);
  while (p !== null && dom.get(p)?.type !== NodeType.Element) p = dom.parentOf(p);
  return p;
}

function matchFrom(dom: VirtualDom, id: number, sel: Complex, k: number): boolean {
  if (!matchCompound(dom, id, sel.parts[k]!)) return false;
  if (k === sel.parts.length - 1) return true;
  const comb = sel.combinators[k]!;
  if (comb === '>' || comb === ' ') {
    for (let p = elementParent(dom, id); p !== null; p = elementParent(dom, p)) {
      if (matchFrom(dom, p, sel, k + 1)) return true;
      if (comb === '>') return false;
    }
    return false;
  }
  const sibs = dom.siblings(id);
  const at = sibs.findIndex((s) => s.id === id);
  if (comb === '+') return at > 0 && matchFrom(dom, sibs[at - 1]!.id, sel, k + 1);
  for (let j = at - 1; j >= 0; j--) if (matchFrom(dom, sibs[j]!.id, sel, k + 1)) return true;
  return false;
}

export function matches(dom: VirtualDom, id: number, selector: CompiledSelector): boolean {
  return selector.alternatives.some((alt) => matchFrom(dom, id, alt, 0));
}
