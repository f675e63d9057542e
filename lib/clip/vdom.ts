/**
 * A DOM-free replay of rrweb's serialised tree: a full snapshot, then mutations, input values, scroll positions and
 * media state applied to it, and the result serialised back as a full snapshot's `node`. This is how a clip gets
 * "what the screen showed at its start" without rendering anything: it runs in a service worker, an extension page
 * or Node alike, and it is exact for everything rrweb records as data (the tree, attributes, text, field values).
 *
 * Privacy hinges on one property: the tree holds only the current state. A removed node is gone from the index and
 * from its parent; a changed text or value overwrites the old one. Nothing remembers earlier input.
 *
 * Order within a mutation follows rrweb's Replayer: removes, then adds (retrying those whose parent or next sibling
 * arrives later in the same list), then texts, then attributes.
 */

export const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 } as const;

/** rrweb's serialised node (`serializedNodeWithId`), loosely typed: it comes from stored JSON. */
export interface SNode {
  type: number;
  id: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SNode[];
  textContent?: string;
  isStyle?: boolean;
  isSVG?: boolean;
  isShadow?: boolean;
  rootId?: number;
  [key: string]: unknown;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isNode(v: unknown): v is SNode {
  return isObject(v) && typeof v.id === 'number' && typeof v.type === 'number';
}

/** Splits a `style` attribute into declarations, honouring quotes and brackets (`url(data:...;base64,...)`). */
export function splitDeclarations(style: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let last = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      out.push(style.slice(last, i));
      last = i + 1;
    }
  }
  out.push(style.slice(last));
  return out.map((d) => d.trim()).filter(Boolean);
}

/** Applies rrweb's style-object attribute change (`{prop: value | [value, priority] | false}`) to a style string. */
export function applyStyleChange(style: string, change: Json): string {
  const decls = splitDeclarations(style).map((d) => {
    const colon = d.indexOf(':');
    return colon === -1 ? { prop: d, value: '' } : { prop: d.slice(0, colon).trim(), value: d.slice(colon + 1).trim() };
  });
  for (const [prop, v] of Object.entries(change)) {
    const i = decls.findIndex((d) => d.prop.toLowerCase() === prop.toLowerCase());
    if (v === false || v === null) {
      if (i !== -1) decls.splice(i, 1);
      continue;
    }
    let value: string | null = null;
    if (typeof v === 'string') value = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') value = v[1] ? `${v[0]} !${String(v[1])}` : v[0];
    if (value === null) continue;
    if (i === -1) decls.push({ prop, value });
    else decls[i] = { prop, value };
  }
  return decls.map((d) => `${d.prop}: ${d.value};`).join(' ');
}

export class VirtualDom {
  root: SNode | null = null;
  private nodes = new Map<number, SNode>();
  private parents = new Map<number, number>();

  /** Starts over from a full snapshot's node (deep-copied: the caller's events are never edited). */
  load(root: unknown): void {
    this.nodes.clear();
    this.parents.clear();
    this.root = isNode(root) ? (structuredClone(root) as SNode) : null;
    if (this.root) this.index(this.root, null);
  }

  has(id: number): boolean {
    return this.nodes.has(id);
  }
  get(id: number): SNode | undefined {
    return this.nodes.get(id);
  }
  parentOf(id: number): number | null {
    return this.parents.get(id) ?? null;
  }
  get size(): number {
    return this.nodes.size;
  }

  /** The node itself, then its ancestors up to the root (across shadow roots and same-origin iframes). */
  *lineage(id: number): Generator<number> {
    let current: number | null = this.nodes.has(id) ? id : null;
    for (let guard = 0; current !== null && guard < 100_000; guard++) {
      yield current;
      current = this.parents.get(current) ?? null;
    }
  }

  /** Lower-case tag of an element, or null. */
  tag(id: number): string | null {
    const n = this.nodes.get(id);
    return n && n.type === NodeType.Element && typeof n.tagName === 'string' ? n.tagName.toLowerCase() : null;
  }

  /** The element children of a node's parent, in order (for sibling combinators). */
  siblings(id: number): SNode[] {
    const parent = this.parents.get(id);
    const p = parent === undefined ? undefined : this.nodes.get(parent);
    return (p?.childNodes ?? []).filter((c) => c.type === NodeType.Element);
  }

  /** Id of the node after `id` among its parent's children, or null when it is the last. */
  nextSiblingId(id: number): number | null {
    const parent = this.parents.get(id);
    const kids = parent === undefined ? [] : (this.nodes.get(parent)?.childNodes ?? []);
    const i = kids.findIndex((c) => c.id === id);
    return i === -1 || i + 1 >= kids.length ? null : kids[i + 1]!.id;
  }

  /** A deep copy of the current tree. */
  serialize(): SNode | null {
    return this.root ? (structuredClone(this.root) as SNode) : null;
  }

  applyMutation(data: Json): void {
    if (Array.isArray(data.removes)) {
      for (const r of data.removes) if (isObject(r) && typeof r.id === 'number') this.remove(r.id);
    }
    if (Array.isArray(data.adds)) {
      let pending = data.adds.filter(isObject);
      for (let round = 0; pending.length > 0 && round < 1000; round++) {
        const next: Json[] = [];
        for (const a of pending) {
          const parentId = typeof a.parentId === 'number' ? a.parentId : null;
          const nextId = typeof a.nextId === 'number' ? a.nextId : null;
          if (!isNode(a.node) || parentId === null) continue;
          if (!this.nodes.has(parentId) || (nextId !== null && !this.nodes.has(nextId))) next.push(a);
          else this.insert(structuredClone(a.node) as SNode, parentId, nextId);
        }
        if (next.length === pending.length) break; // the rest can never be placed; rrweb drops them too
        pending = next;
      }
    }
    if (Array.isArray(data.texts)) {
      for (const t of data.texts) {
        if (!isObject(t) || typeof t.id !== 'number') continue;
        const node = this.nodes.get(t.id);
        if (node) node.textContent = typeof t.value === 'string' ? t.value : '';
      }
    }
    if (Array.isArray(data.attributes)) {
      for (const a of data.attributes) {
        if (!isObject(a) || typeof a.id !== 'number' || !isObject(a.attributes)) continue;
        const node = this.nodes.get(a.id);
        if (!node || node.type !== NodeType.Element) continue;
        const attrs = (node.attributes ??= {});
        for (const [name, value] of Object.entries(a.attributes)) {
          if (value === null) delete attrs[name];
          else if (name === 'style' && isObject(value)) attrs.style = applyStyleChange(String(attrs.style ?? ''), value);
          else attrs[name] = value;
        }
        // A textarea's value replaces its text children (rrweb serialises it as the `value` attribute).
        if (this.tag(a.id) === 'textarea' && 'value' in a.attributes) this.dropChildren(node);
      }
    }
  }

  /** An input event: the field's current value (and checked state) becomes its serialised attributes. */
  applyInput(id: number, text: unknown, isChecked: unknown): void {
    const node = this.nodes.get(id);
    if (!node || node.type !== NodeType.Element) return;
    const attrs = (node.attributes ??= {});
    const tag = this.tag(id);
    const type = String(attrs.type ?? '').toLowerCase();
    if (typeof text === 'string') attrs.value = text;
    if (typeof isChecked === 'boolean' && (type === 'checkbox' || type === 'radio')) {
      if (isChecked) attrs.checked = true;
      else delete attrs.checked;
    }
    if (tag === 'textarea') this.dropChildren(node);
    if (tag === 'select' && typeof text === 'string') {
      for (const option of this.descendants(node)) {
        if (option.type !== NodeType.Element || option.tagName?.toLowerCase() !== 'option') continue;
        const oa = (option.attributes ??= {});
        if (String(oa.value ?? '') === text) oa.selected = true;
        else delete oa.selected;
      }
    }
  }

  /** A scroll of an element (the document's own scroll is the full snapshot's `initialOffset`, kept by the caller). */
  applyScroll(id: number, x: unknown, y: unknown): void {
    const node = this.nodes.get(id);
    if (!node || node.type !== NodeType.Element) return;
    const attrs = (node.attributes ??= {});
    if (typeof x === 'number') {
      if (x) attrs.rr_scrollLeft = x;
      else delete attrs.rr_scrollLeft;
    }
    if (typeof y === 'number') {
      if (y) attrs.rr_scrollTop = y;
      else delete attrs.rr_scrollTop;
    }
  }

  applyMedia(data: Json): void {
    const node = typeof data.id === 'number' ? this.nodes.get(data.id) : undefined;
    if (!node || node.type !== NodeType.Element) return;
    const attrs = (node.attributes ??= {});
    if (data.type === 0) attrs.rr_mediaState = 'played';
    if (data.type === 1) attrs.rr_mediaState = 'paused';
    if (typeof data.currentTime === 'number') attrs.rr_mediaCurrentTime = data.currentTime;
    if (typeof data.volume === 'number') attrs.rr_mediaVolume = data.volume;
    if (typeof data.muted === 'boolean') attrs.rr_mediaMuted = data.muted;
    if (typeof data.loop === 'boolean') attrs.rr_mediaLoop = data.loop;
    if (typeof data.playbackRate === 'number') attrs.rr_mediaPlaybackRate = data.playbackRate;
  }

  *descendants(node: SNode): Generator<SNode> {
    for (const c of node.childNodes ?? []) {
      yield c;
      yield* this.descendants(c);
    }
  }

  private index(node: SNode, parent: number | null): void {
    if (this.nodes.has(node.id)) this.remove(node.id);
    this.nodes.set(node.id, node);
    if (parent === null) this.parents.delete(node.id);
    else this.parents.set(node.id, parent);
    if (!Array.isArray(node.childNodes)) {
      if (node.type === NodeType.Element || node.type === NodeType.Document) node.childNodes = [];
      return;
    }
    node.childNodes = node.childNodes.filter(isNode);
    for (const c of node.childNodes) this.index(c, node.id);
  }

  private insert(node: SNode, parentId: number, nextId: number | null): void {
    if (this.nodes.has(node.id)) this.remove(node.id);
    const parent = this.nodes.get(parentId);
    if (!parent) return;
    const kids = (parent.childNodes ??= []);
    const at = nextId === null ? -1 : kids.findIndex((c) => c.id === nextId);
    if (at === -1) kids.push(node);
    else kids.splice(at, 0, node);
    this.index(node, parentId);
  }

  private remove(id: number): void {
    const node = this.nodes.get(id);
    if (!node) return;
    const parentId = this.parents.get(id);
    const parent = parentId === undefined ? undefined : this.nodes.get(parentId);
    if (parent?.childNodes) parent.childNodes = parent.childNodes.filter((c) => c !== node);
    this.forget(node);
    if (this.root === node) this.root = null;
  }

  private dropChildren(node: SNode): void {
    for (const c of node.childNodes ?? []) this.forget(c);
    node.childNodes = [];
  }

  private forget(node: SNode): void {
    this.nodes.delete(node.id);
    this.parents.delete(node.id);
    for (const c of node.childNodes ?? []) this.forget(c);
  }
}
