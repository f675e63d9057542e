/**
 * Just enough of the recorded DOM to read a contenteditable's text and to know which field an element sits in.
 * It follows rrweb's serialised tree (full snapshots) and mutations, without rebuilding a real document.
 */
import { arr, isObj, num, str, type Obj } from './read';

const NODE_ELEMENT = 2;
const NODE_TEXT = 3;

interface MirrorNode {
  id: number;
  /** Lower-case tag name for elements; null for text and other nodes. */
  tag: string | null;
  attrs: Record<string, string>;
  text: string;
  parent: number | null;
  children: number[];
}

/** Elements whose text starts on a new line, as `innerText` would show it. */
const BLOCK = new Set(['div', 'p', 'li', 'ul', 'ol', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'section', 'article']);

export class DomMirror {
  private nodes = new Map<number, MirrorNode>();

  /** A full snapshot replaces everything: ids are stable across rrweb checkouts, but nodes may be gone. */
  reset(root: unknown): void {
    this.nodes.clear();
    this.add(root, null, null);
  }

  applyMutation(data: Obj): void {
    for (const r of arr(data.removes)) {
      if (!isObj(r)) continue;
      const id = num(r.id);
      if (id !== null) this.remove(id);
    }
    // rrweb may list a node before its parent or its next sibling; retry until nothing more can be placed.
    let pending = arr(data.adds).filter(isObj);
    for (let round = 0; pending.length > 0 && round < 50; round++) {
      const next: Obj[] = [];
      for (const a of pending) {
        const parentId = num(a.parentId);
        const nextId = num(a.nextId);
        if (parentId === null || !this.nodes.has(parentId) || (nextId !== null && !this.nodes.has(nextId))) next.push(a);
        else this.add(a.node, parentId, nextId);
      }
      if (next.length === pending.length) break;
      pending = next;
    }
    for (const x of arr(data.texts)) {
      if (!isObj(x)) continue;
      const node = this.nodes.get(num(x.id) ?? -1);
      if (node) node.text = str(x.value) ?? '';
    }
    for (const x of arr(data.attributes)) {
      if (!isObj(x) || !isObj(x.attributes)) continue;
      const node = this.nodes.get(num(x.id) ?? -1);
      if (!node) continue;
      for (const [name, value] of Object.entries(x.attributes)) {
        if (typeof value === 'string') node.attrs[name] = value;
        else if (value === null) delete node.attrs[name];
      }
    }
  }

  has(id: number): boolean {
    return this.nodes.has(id);
  }
  tag(id: number): string | null {
    return this.nodes.get(id)?.tag ?? null;
  }
  attr(id: number, name: string): string | null {
    return this.nodes.get(id)?.attrs[name] ?? null;
  }

  /** The element itself, then its ancestors. */
  *lineage(id: number): Generator<number> {
    let node = this.nodes.get(id);
    for (let guard = 0; node && guard < 10_000; guard++) {
      yield node.id;
      node = node.parent === null ? undefined : this.nodes.get(node.parent);
    }
  }

  hasClassInLineage(id: number, className: string): boolean {
    for (const a of this.lineage(id)) {
      if ((this.attr(a, 'class') ?? '').split(/\s+/).includes(className)) return true;
    }
    return false;
  }

  /** Outermost contenteditable roots: the editable fields of rich editors. */
  editableRoots(): number[] {
    const roots: number[] = [];
    for (const node of this.nodes.values()) {
      if (!isEditable(node)) continue;
      let outer = true;
      for (const a of this.lineage(node.id)) {
        const anc = this.nodes.get(a);
        if (a !== node.id && anc && isEditable(anc)) outer = false;
      }
      if (outer) roots.push(node.id);
    }
    return roots.sort((a, b) => a - b);
  }

  /** Roughly `innerText`: text nodes joined, a line break for `<br>` and around block elements. */
  textOf(id: number): string {
    const out: string[] = [];
    const walk = (nodeId: number, depth: number) => {
      const node = this.nodes.get(nodeId);
      if (!node || depth > 500) return;
      if (node.tag === null) {
        out.push(node.text);
        return;
      }
      if (node.tag === 'br') {
        out.push('\n');
        return;
      }
      if (node.tag === 'style' || node.tag === 'script') return;
      const block = BLOCK.has(node.tag) && depth > 0;
      if (block) breakLine(out);
      for (const c of node.children) walk(c, depth + 1);
      if (block) breakLine(out);
    };
    walk(id, 0);
    return out.join('').replace(/\n$/, '').replace(/\u00a0/g, ' ');
  }

  private add(raw: unknown, parent: number | null, before: number | null): void {
    if (!isObj(raw)) return;
    const id = num(raw.id);
    const type = num(raw.type);
    if (id === null || type === null) return;
    if (this.nodes.has(id)) this.remove(id);
    const attrs: Record<string, string> = {};
    if (isObj(raw.attributes)) {
      for (const [k, v] of Object.entries(raw.attributes)) if (typeof v === 'string') attrs[k] = v;
    }
    const tag = type === NODE_ELEMENT ? (str(raw.tagName) ?? '').toLowerCase() : null;
    const text = type === NODE_TEXT ? (str(raw.textContent) ?? '') : '';
    // Comments, doctypes and CDATA carry no text a reader sees.
    const visible = type === NODE_TEXT || type === NODE_ELEMENT || type === 0;
    const node: MirrorNode = { id, tag: type === NODE_TEXT || !visible ? null : tag ?? '#document', attrs, text: visible ? text : '', parent, children: [] };
    this.nodes.set(id, node);
    if (parent !== null) {
      const siblings = this.nodes.get(parent)?.children;
      if (siblings) {
        const at = before === null ? -1 : siblings.indexOf(before);
        if (at < 0) siblings.push(id);
        else siblings.splice(at, 0, id);
      }
    }
    for (const child of arr(raw.childNodes)) this.add(child, id, null);
  }

  private remove(id: number): void {
    const node = this.nodes.get(id);
    if (!node) return;
    if (node.parent !== null) {
      const siblings = this.nodes.get(node.parent)?.children;
      const at = siblings?.indexOf(id) ?? -1;
      if (siblings && at >= 0) siblings.splice(at, 1);
    }
    const stack = [id];
    while (stack.length > 0) {
      const n = this.nodes.get(stack.pop() ?? -1);
      if (!n) continue;
      this.nodes.delete(n.id);
      stack.push(...n.children);
    }
  }
}

function isEditable(node: MirrorNode): boolean {
  const v = node.attrs.contenteditable;
  return v !== undefined && v !== 'false' && v !== 'inherit';
}

function breakLine(out: string[]): void {
  for (let i = out.length - 1; i >= 0; i--) {
    const chunk = out[i] ?? '';
    if (chunk === '') continue;
    if (!chunk.endsWith('\n')) out.push('\n');
    return;
  }
}
