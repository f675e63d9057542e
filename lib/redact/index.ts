/**
 * Redactions chosen by the author, applied to a clip's events and to its synthesised snapshot.
 *
 * - `hide`: the element becomes a placeholder of the same tag, keeping only `id`, `class` and `style` (so the
 *   page's CSS still sizes it), hatched, and sized to `size` when the editor measured it (inline border-box width
 *   and height, so the size does not depend on how a player treats rrweb's `rr_width`). Its subtree is dropped, and so is every
 *   later mutation, text, attribute, input, scroll, selection, media or canvas event inside it. Only the removal of
 *   the element itself passes, so that the placeholder leaves when the element leaves.
 * - `mask`: every text node inside (except stylesheet text) and every text-bearing attribute (value, placeholder,
 *   title, alt, aria-label, ...) is replaced by a fixed mask, which gives away neither the text nor its length;
 *   input events and editor text inside are masked too, and canvas pictures inside are dropped.
 *
 * Targets are rrweb node ids (as the replay's mirror shows them; applied on every page load of the clip, which can
 * only over-redact) or CSS selectors (lib/redact/selector.ts), resolved at clip time against each full snapshot and
 * against every node added later, and re-checked when an element's attributes change.
 *
 * The redactor keeps its own copy of the original tree (lib/clip/vdom.ts) to know what lies inside what. An event
 * about a node it does not know is treated as inside a hidden element: fail closed.
 */
import { CUSTOM, EventType, IncrementalSource } from '../trace-events';
import { NodeType, VirtualDom, type SNode } from '../clip/vdom';
import { compileSelector, matches, SelectorError, type CompiledSelector } from './selector';

export { SelectorError } from './selector';

export type RedactionMode = 'hide' | 'mask';

export type Redaction = {
  mode: RedactionMode;
  /** Size of the element when the author picked it, for a same-size placeholder (hide only). */
  size?: { width: number; height: number };
} & ({ nodeId: number; selector?: undefined } | { selector: string; nodeId?: undefined });

/** What masked text becomes: fixed, so the length of the secret is not given away. */
export const MASK = '\u2022\u2022\u2022\u2022\u2022\u2022';

/** Marks a hidden element's placeholder, so tests and the preview can find it. */
export const HIDDEN_ATTRIBUTE = 'data-shadowtrace-redacted';

const PLACEHOLDER_STYLE =
  'background: repeating-linear-gradient(135deg, #c9ccd1 0 6px, #e4e6e9 6px 12px) !important; ' +
  'color: transparent !important; overflow: hidden !important;';

/** Attributes that carry text a person reads: masked inside a masked element. */
const TEXT_ATTRIBUTES = new Set([
  'value',
  'placeholder',
  'title',
  'alt',
  'label',
  'aria-label',
  'aria-valuetext',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'content',
  'summary',
  'abbr',
  'download',
]);
/** Attributes that carry a picture of the content: dropped inside a masked element. */
const PICTURE_ATTRIBUTES = new Set(['rr_dataurl']);

/** Attributes a placeholder keeps from the element it replaces. */
const PLACEHOLDER_KEEPS = new Set(['id', 'class']);

/** Stored form of a node-id target in `ClipRow.redactions[].selector` (the row only has a selector field). */
const STORED_NODE_ID = /^rrweb-id:(\d{1,9})$/;

/** Reads `ClipRow.redactions`: `rrweb-id:<n>` is a node id, anything else a CSS selector. */
export function redactionsFromClipRow(rows: readonly { selector: string; mode: RedactionMode }[]): Redaction[] {
  return rows.map((r) => {
    const m = STORED_NODE_ID.exec(r.selector.trim());
    return m ? { mode: r.mode, nodeId: Number(m[1]) } : { mode: r.mode, selector: r.selector };
  });
}

/** The `ClipRow.redactions[].selector` string for a node-id target. */
export function storedNodeIdSelector(nodeId: number): string {
  return `rrweb-id:${nodeId}`;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNode(v: unknown): v is SNode {
  return isObject(v) && typeof v.id === 'number' && typeof v.type === 'number';
}

type Place = 'clear' | 'masked' | 'hiddenRoot' | 'hidden';

export interface RedactReport {
  hiddenElements: number;
  maskedElements: number;
  droppedEvents: number;
}

export class Redactor {
  readonly report: RedactReport = { hiddenElements: 0, maskedElements: 0, droppedEvents: 0 };
  private dom = new VirtualDom();
  private hideIds = new Map<number, Redaction>();
  private maskIds = new Set<number>();
  private hideSelectors: { sel: CompiledSelector; r: Redaction }[] = [];
  private maskSelectors: CompiledSelector[] = [];
  private hiddenRoots = new Map<number, Redaction | null>();
  private maskedRoots = new Set<number>();

  /** Throws SelectorError for a selector it cannot apply (never silently matching nothing). */
  constructor(readonly redactions: readonly Redaction[]) {
    for (const r of redactions) {
      if (r.mode !== 'hide' && r.mode !== 'mask') throw new SelectorError(String(r.selector ?? r.nodeId), 'unknown mode');
      if (typeof r.nodeId === 'number') {
        if (r.mode === 'hide') this.hideIds.set(r.nodeId, r);
        else this.maskIds.add(r.nodeId);
      } else if (typeof r.selector === 'string') {
        const sel = compileSelector(r.selector);
        if (r.mode === 'hide') this.hideSelectors.push({ sel, r });
        else this.maskSelectors.push(sel);
      } else throw new SelectorError('', 'a redaction needs a node id or a selector');
    }
  }

  get active(): boolean {
    return this.redactions.length > 0;
  }

  /** A redacted deep copy of the event, or null when it must be left out. */
  redact(input: unknown): Json | null {
    if (!isObject(input)) return null;
    const event = structuredClone(input) as Json;
    const out = this.event(event);
    if (!out) this.report.droppedEvents++;
    return out;
  }

  redactAll(events: readonly unknown[]): Json[] {
    const out: Json[] = [];
    for (const e of events) {
      const r = this.redact(e);
      if (r) out.push(r);
    }
    return out;
  }

  /** Where a node sits: inside a hidden element, a hidden element itself, inside a masked one, or in the clear. */
  placeOf(id: number): Place {
    if (!this.dom.has(id)) return 'hidden';
    let masked = false;
    for (const a of this.dom.lineage(id)) {
      if (this.hiddenRoots.has(a)) return a === id ? 'hiddenRoot' : 'hidden';
      if (this.maskedRoots.has(a)) masked = true;
    }
    return masked ? 'masked' : 'clear';
  }

  private event(event: Json): Json | null {
    const data = event.data;
    switch (event.type) {
      case EventType.FullSnapshot: {
        if (!isObject(data)) return null;
        this.dom.load(data.node);
        this.hiddenRoots.clear();
        this.maskedRoots.clear();
        if (!this.dom.root) return null;
        this.resolve(this.dom.root);
        data.node = this.copy(this.dom.root, false);
        return event;
      }
      case EventType.IncrementalSnapshot:
        return isObject(data) && this.incremental(data) ? event : null;
      case EventType.Custom:
        return isObject(data) && this.custom(data) ? event : null;
      default:
        return event;
    }
  }

  /** Finds the roots of hidden and masked elements in a subtree that has just arrived in the tree. */
  private resolve(node: SNode): void {
    this.classify(node.id);
    for (const c of node.childNodes ?? []) this.resolve(c);
  }

  private classify(id: number): void {
    const node = this.dom.get(id);
    if (!node) return;
    const hide = this.hideIds.get(id) ?? this.hideSelectors.find((h) => node.type === NodeType.Element && matches(this.dom, id, h.sel))?.r;
    if (hide) {
      if (!this.hiddenRoots.has(id)) this.report.hiddenElements++;
      this.hiddenRoots.set(id, hide);
      return;
    }
    if (this.maskIds.has(id) || (node.type === NodeType.Element && this.maskSelectors.some((s) => matches(this.dom, id, s)))) {
      if (!this.maskedRoots.has(id)) this.report.maskedElements++;
      this.maskedRoots.add(id);
    }
  }

  /** A redacted copy of a subtree of the current tree; `masked` when an ancestor is masked. */
  private copy(node: SNode, maskedAbove: boolean, parentTag: string | null = null): SNode {
    if (this.hiddenRoots.has(node.id)) return this.placeholder(node);
    const masked = maskedAbove || this.maskedRoots.has(node.id);
    const out: SNode = { ...node };
    if (masked) this.maskNode(out, parentTag);
    if (Array.isArray(node.childNodes)) {
      const tag = node.type === NodeType.Element ? (node.tagName ?? '').toLowerCase() : null;
      out.childNodes = node.childNodes.map((c) => this.copy(c, masked, tag));
    }
    return out;
  }

  private placeholder(node: SNode): SNode {
    if (node.type !== NodeType.Element) {
      // A hidden text or other node: an empty node of the same kind and id.
      const out: SNode = { type: node.type === NodeType.Text ? NodeType.Text : NodeType.Comment, id: node.id, textContent: '' };
      if (node.rootId !== undefined) out.rootId = node.rootId;
      if (node.isShadow) out.isShadow = true;
      return out;
    }
    const attrs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node.attributes ?? {})) if (PLACEHOLDER_KEEPS.has(k.toLowerCase())) attrs[k] = v;
    const style = typeof node.attributes?.style === 'string' ? node.attributes.style.trim() : '';
    let sized = '';
    const size = this.hiddenRoots.get(node.id)?.size;
    if (size && Number.isFinite(size.width) && Number.isFinite(size.height)) {
      // The border box the editor measured (getBoundingClientRect), whatever the page's CSS says.
      sized = ` box-sizing: border-box !important; width: ${Math.max(0, size.width)}px !important; height: ${Math.max(0, size.height)}px !important;`;
    }
    attrs.style = `${style && !style.endsWith(';') ? `${style};` : style} ${PLACEHOLDER_STYLE}${sized}`.trim();
    attrs[HIDDEN_ATTRIBUTE] = 'hidden';
    const out: SNode = { type: NodeType.Element, id: node.id, tagName: node.tagName ?? 'div', attributes: attrs, childNodes: [] };
    if (node.isSVG) out.isSVG = true;
    if (node.isShadow) out.isShadow = true;
    if (node.rootId !== undefined) out.rootId = node.rootId;
    return out;
  }

  /** Masks one node in place (its children are handled by the caller). */
  private maskNode(node: SNode, parentTag: string | null): void {
    if (node.type === NodeType.Text || node.type === NodeType.CDATA || node.type === NodeType.Comment) {
      const isStyle = node.isStyle === true || parentTag === 'style';
      if (!isStyle && typeof node.textContent === 'string' && node.textContent.trim() !== '') node.textContent = MASK;
      else if (!isStyle && typeof node.textContent === 'string') node.textContent = node.textContent; // whitespace only
      return;
    }
    if (node.type === NodeType.Element && isObject(node.attributes)) node.attributes = maskAttributes({ ...node.attributes });
  }

  private incremental(data: Json): boolean {
    switch (data.source) {
      case IncrementalSource.Mutation:
        this.mutation(data);
        return true;
      case IncrementalSource.Input: {
        if (typeof data.id !== 'number') return false;
        const place = this.placeOf(data.id);
        if (place === 'hidden' || place === 'hiddenRoot') return false;
        if (place === 'masked' && typeof data.text === 'string') data.text = MASK;
        return true;
      }
      case IncrementalSource.Scroll:
      case IncrementalSource.MediaInteraction:
      case IncrementalSource.StyleSheetRule:
      case IncrementalSource.StyleDeclaration: {
        if (typeof data.id !== 'number') return data.source === IncrementalSource.StyleSheetRule || data.source === IncrementalSource.StyleDeclaration;
        const place = this.placeOf(data.id);
        return place !== 'hidden' && place !== 'hiddenRoot';
      }
      case IncrementalSource.MouseInteraction: {
        if (typeof data.id !== 'number') return true;
        return this.placeOf(data.id) !== 'hidden';
      }
      case IncrementalSource.CanvasMutation: {
        if (typeof data.id !== 'number') return false;
        return this.placeOf(data.id) === 'clear';
      }
      case IncrementalSource.Selection: {
        if (!Array.isArray(data.ranges)) return true;
        for (const r of data.ranges) {
          if (!isObject(r)) return false;
          for (const key of ['start', 'end'] as const) {
            const id = r[key];
            if (typeof id !== 'number') return false;
            const place = this.placeOf(id);
            if (place !== 'clear') return false;
          }
        }
        return true;
      }
      default:
        return true;
    }
  }

  private custom(data: Json): boolean {
    const p = data.payload;
    if (data.tag === CUSTOM.canvasFrame) {
      return isObject(p) && typeof p.target === 'number' && this.placeOf(p.target) === 'clear';
    }
    if (data.tag === CUSTOM.editorText) {
      if (!isObject(p) || typeof p.target !== 'number') return false;
      const place = this.placeOf(p.target);
      if (place === 'hidden' || place === 'hiddenRoot') return false;
      if (place === 'masked') p.text = MASK;
      return true;
    }
    return true;
  }

  private mutation(data: Json): void {
    const removes = Array.isArray(data.removes) ? data.removes : [];
    // Removals are judged before the mutation applies: afterwards the node is gone.
    const keptRemoves = removes.filter((r) => {
      if (!isObject(r) || typeof r.id !== 'number') return false;
      if (!this.dom.has(r.id)) return true; // unknown to the replay too: only ids, nothing to leak
      return this.placeOf(r.id) !== 'hidden';
    });
    const before = new Map<number, { hidden: boolean; masked: boolean }>();
    if (Array.isArray(data.attributes)) {
      for (const a of data.attributes) {
        if (isObject(a) && typeof a.id === 'number' && this.dom.has(a.id)) {
          before.set(a.id, { hidden: this.hiddenRoots.has(a.id), masked: this.maskedRoots.has(a.id) });
        }
      }
    }
    this.dom.applyMutation(structuredClone(data));
    for (const r of removes) if (isObject(r) && typeof r.id === 'number' && !this.dom.has(r.id)) this.forgetRoots(r.id);

    const adds: Json[] = [];
    if (Array.isArray(data.adds)) {
      for (const a of data.adds) {
        if (!isObject(a) || !isNode(a.node) || typeof a.parentId !== 'number') continue;
        const placed = this.dom.get(a.node.id);
        if (!placed || this.dom.parentOf(a.node.id) !== a.parentId) continue; // never placed: the replay drops it too
        this.resolve(placed);
        const parentPlace = this.placeOf(a.parentId);
        if (parentPlace === 'hidden' || parentPlace === 'hiddenRoot') continue;
        const parentTag = this.dom.tag(a.parentId);
        a.node = this.copyAdded(a.node, parentPlace === 'masked', parentTag);
        adds.push(a);
      }
    }
    const texts: Json[] = [];
    if (Array.isArray(data.texts)) {
      for (const t of data.texts) {
        if (!isObject(t) || typeof t.id !== 'number') continue;
        const place = this.placeOf(t.id);
        if (place === 'hidden' || place === 'hiddenRoot') continue;
        if (place === 'masked' && !this.isStyleText(t.id) && typeof t.value === 'string' && t.value.trim() !== '') t.value = MASK;
        texts.push(t);
      }
    }
    const attributes: Json[] = [];
    const extraRemoves: Json[] = [];
    if (Array.isArray(data.attributes)) {
      for (const a of data.attributes) {
        if (!isObject(a) || typeof a.id !== 'number' || !isObject(a.attributes)) continue;
        const was = before.get(a.id);
        if (was && !was.hidden) this.classify(a.id);
        const place = this.placeOf(a.id);
        if (place === 'hidden' || (place === 'hiddenRoot' && was?.hidden)) continue;
        if (place === 'hiddenRoot') {
          // Newly hidden by this change: the element leaves and its placeholder takes its place.
          const parentId = this.dom.parentOf(a.id);
          const node = this.dom.get(a.id);
          if (parentId === null || !node) continue;
          extraRemoves.push({ parentId, id: a.id });
          adds.push({ parentId, nextId: this.dom.nextSiblingId(a.id), node: this.placeholder(node) });
          continue;
        }
        if (place === 'masked') {
          a.attributes = maskAttributes(a.attributes, true);
          if (was && !was.masked && this.maskedRoots.has(a.id)) {
            // Newly masked by this change: mask what it already shows.
            const node = this.dom.get(a.id);
            if (node) this.maskShown(node, texts, attributes);
          }
        }
        attributes.push(a);
      }
    }
    data.removes = [...keptRemoves, ...extraRemoves];
    data.adds = adds;
    data.texts = texts;
    data.attributes = attributes;
  }

  /** Texts and attributes that re-mask a subtree already on screen. */
  private maskShown(node: SNode, texts: Json[], attributes: Json[], parentTag: string | null = null): void {
    if (node.type === NodeType.Text && !(node.isStyle || parentTag === 'style') && (node.textContent ?? '').trim() !== '') {
      texts.push({ id: node.id, value: MASK });
    } else if (node.type === NodeType.Element && isObject(node.attributes)) {
      const changed: Json = {};
      for (const k of Object.keys(node.attributes)) {
        const lower = k.toLowerCase();
        if (TEXT_ATTRIBUTES.has(lower)) changed[k] = MASK;
        else if (PICTURE_ATTRIBUTES.has(lower)) changed[k] = null;
      }
      if (Object.keys(changed).length > 0) attributes.push({ id: node.id, attributes: changed });
    }
    const tag = node.type === NodeType.Element ? (node.tagName ?? '').toLowerCase() : null;
    for (const c of node.childNodes ?? []) this.maskShown(c, texts, attributes, tag);
  }

  /** A redacted copy of an added node as the mutation carries it (rrweb adds children as separate entries). */
  private copyAdded(node: SNode, maskedAbove: boolean, parentTag: string | null): SNode {
    if (this.hiddenRoots.has(node.id)) {
      const placed = this.dom.get(node.id);
      return this.placeholder(placed ?? node);
    }
    const masked = maskedAbove || this.maskedRoots.has(node.id);
    const out: SNode = { ...node };
    if (masked) this.maskNode(out, parentTag);
    if (Array.isArray(node.childNodes)) {
      const tag = node.type === NodeType.Element ? (node.tagName ?? '').toLowerCase() : null;
      out.childNodes = node.childNodes.filter(isNode).map((c) => this.copyAdded(c, masked, tag));
    }
    return out;
  }

  private isStyleText(id: number): boolean {
    const node = this.dom.get(id);
    if (!node) return false;
    if (node.isStyle) return true;
    const parent = this.dom.parentOf(id);
    return parent !== null && this.dom.tag(parent) === 'style';
  }

  private forgetRoots(id: number): void {
    this.hiddenRoots.delete(id);
    this.maskedRoots.delete(id);
  }
}

function maskAttributes(attrs: Json, isMutation = false): Json {
  for (const k of Object.keys(attrs)) {
    const lower = k.toLowerCase();
    if (PICTURE_ATTRIBUTES.has(lower)) {
      if (isMutation) attrs[k] = null;
      else delete attrs[k];
    } else if (TEXT_ATTRIBUTES.has(lower) && attrs[k] !== null && typeof attrs[k] !== 'boolean') attrs[k] = MASK;
  }
  return attrs;
}

/** Redacts a whole stream (it must start with a full snapshot for anything to be known). */
export function redactEvents(events: readonly unknown[], redactions: readonly Redaction[]): { events: Json[]; report: RedactReport } {
  const r = new Redactor(redactions);
  return { events: r.redactAll(events), report: r.report };
}
