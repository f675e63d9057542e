/**
 * A human name for an edited field in the draft view ("Comment", "textarea #reply"), found in the recorded DOM:
 * its label, aria-label, placeholder, name or id, in that order.
 */
import type { Field } from '../moments';

interface SNode {
  id?: number;
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SNode[];
  textContent?: string;
}

const KIND_WORDS: Record<string, string> = {
  input: 'Text box',
  textarea: 'Text area',
  contenteditable: 'Rich text',
  codemirror: 'Code editor',
  monaco: 'Code editor',
};

function textOf(n: SNode): string {
  if (n.type === 3) return n.textContent ?? '';
  return (n.childNodes ?? []).map(textOf).join('');
}

/** Walks every node recorded in full snapshots and added by mutations. */
function* nodes(events: readonly unknown[]): Generator<SNode> {
  const stack: SNode[] = [];
  for (const e of events as { type?: number; data?: { node?: SNode; source?: number; adds?: { node?: SNode }[] } }[]) {
    if (e?.type === 2 && e.data?.node) stack.push(e.data.node);
    else if (e?.type === 3 && e.data?.source === 0 && Array.isArray(e.data.adds)) for (const a of e.data.adds) if (a?.node) stack.push(a.node);
    while (stack.length) {
      const n = stack.pop()!;
      yield n;
      if (Array.isArray(n.childNodes)) stack.push(...n.childNodes);
    }
  }
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** Names each field of `fields`, reading the events once. */
export function fieldNames(events: readonly unknown[], fields: readonly Field[]): Map<string, string> {
  const wanted = new Map<number, Field[]>();
  for (const f of fields) wanted.set(f.id, [...(wanted.get(f.id) ?? []), f]);
  const found = new Map<number, SNode>();
  const labels = new Map<string, string>();
  for (const n of nodes(events)) {
    if (typeof n.id === 'number' && wanted.has(n.id) && !found.has(n.id)) found.set(n.id, n);
    if (n.tagName === 'label') {
      const target = str(n.attributes?.for);
      const text = textOf(n).replace(/\s+/g, ' ').trim();
      if (target && text && !labels.has(target)) labels.set(target, text);
    }
  }
  const out = new Map<string, string>();
  for (const f of fields) {
    const n = found.get(f.id);
    const a = n?.attributes ?? {};
    const id = str(a.id);
    const name =
      (id && labels.get(id)) ?? str(a['aria-label']) ?? str(a.placeholder) ?? str(a.name) ?? (id ? `#${id}` : null);
    const kind = KIND_WORDS[f.kind] ?? 'Field';
    out.set(f.key, name ? `${name} (${kind.toLowerCase()})` : kind);
  }
  return out;
}
