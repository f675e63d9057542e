/**
 * Which recorded nodes an event, or a change of full snapshot, can leave looking different: the ids whose own
 * attributes, text, value, child list or stylesheet rules may have changed. The player uses them to diff only the
 * parts of the page a seek changed (components/player/diff-scope.ts); a node not named here, with nothing named
 * below it, is the same in both trees and is left alone.
 *
 * Erring towards naming too much only costs time; naming too little leaves stale content on screen. So any event
 * with a node id names it, and an event of a kind this module does not know names nothing but says so
 * (`touchedBy` returns false), and the caller diffs the whole page.
 */

import { EventType, IncrementalSource } from '../trace-events';

/** The parts of an rrweb event read here. */
interface EventLike {
  type: number;
  data?: unknown;
}

/** The parts of an rrweb serialized node read here. */
export interface SerializedLike {
  id: number;
  type: number;
  tagName?: string;
  textContent?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedLike[];
  isShadowHost?: boolean;
  isShadow?: boolean;
  rootId?: number;
}

/** Sources that change no node the diff compares (pointer paths, viewport size, fonts, selection, definitions). */
const NO_NODE_STATE = new Set<number>([
  IncrementalSource.MouseMove,
  IncrementalSource.TouchMove,
  IncrementalSource.Drag,
  IncrementalSource.ViewportResize,
  IncrementalSource.Font,
  IncrementalSource.Log,
  IncrementalSource.Selection,
  IncrementalSource.CustomElement,
]);
/** Sources whose node id names the node itself. */
const ONE_NODE = new Set<number>([
  IncrementalSource.MouseInteraction,
  IncrementalSource.Scroll,
  IncrementalSource.Input,
  IncrementalSource.MediaInteraction,
  IncrementalSource.StyleSheetRule,
  IncrementalSource.CanvasMutation,
  IncrementalSource.StyleDeclaration,
  IncrementalSource.AdoptedStyleSheet,
]);
/** Sources that change a stylesheet's rules, which a diff of the element's text does not undo. */
export const RULE_SOURCES: ReadonlySet<number> = new Set<number>([IncrementalSource.StyleSheetRule, IncrementalSource.StyleDeclaration]);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const idOf = (v: unknown): number | undefined => (isRecord(v) && typeof v.id === 'number' ? v.id : undefined);

function addNodeTree(node: unknown, into: Set<number>): void {
  if (!isRecord(node)) return;
  if (typeof node.id === 'number') into.add(node.id);
  if (Array.isArray(node.childNodes)) for (const child of node.childNodes) addNodeTree(child, into);
}

/**
 * Adds to `into` the ids of the nodes `event` changes. Returns false for an event it cannot account for (an
 * incremental source it does not know, a mutation it cannot read), after which only a whole diff is safe.
 * Full snapshots and Meta events return true and add nothing: a snapshot is compared as a whole
 * (`changedBetween`).
 */
export function touchedBy(event: EventLike, into: Set<number>): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return true;
  const data = event.data;
  if (!isRecord(data) || typeof data.source !== 'number') return false;
  const source = data.source;
  if (NO_NODE_STATE.has(source)) return true;
  if (ONE_NODE.has(source)) {
    const id = idOf(data);
    if (id !== undefined) into.add(id);
    // A constructed stylesheet (styleId, no id) belongs to no node in the tree.
    return id !== undefined || typeof data.styleId === 'number';
  }
  if (source !== IncrementalSource.Mutation) return false;
  const lists = [data.texts, data.attributes, data.removes, data.adds];
  if (!lists.every(Array.isArray)) return false;
  for (const t of data.texts as unknown[]) {
    const id = idOf(t);
    if (id !== undefined) into.add(id);
  }
  for (const a of data.attributes as unknown[]) {
    const id = idOf(a);
    if (id !== undefined) into.add(id);
  }
  for (const r of data.removes as unknown[]) {
    if (!isRecord(r)) continue;
    if (typeof r.parentId === 'number') into.add(r.parentId);
    if (typeof r.id === 'number') into.add(r.id);
  }
  for (const a of data.adds as unknown[]) {
    if (!isRecord(a)) continue;
    if (typeof a.parentId === 'number') into.add(a.parentId);
    addNodeTree(a.node, into);
  }
  return true;
}

/** A serialized tree's nodes, and each one's parent, by id. */
export interface SnapshotIndex {
  byId: Map<number, SerializedLike>;
  parentOf: Map<number, number>;
}

export function indexSnapshot(root: SerializedLike): SnapshotIndex {
  const byId = new Map<number, SerializedLike>();
  const parentOf = new Map<number, number>();
  const walk = (n: SerializedLike) => {
    byId.set(n.id, n);
    if (!n.childNodes) return;
    for (const c of n.childNodes) {
      parentOf.set(c.id, n.id);
      walk(c);
    }
  };
  walk(root);
  return { byId, parentOf };
}

/** `indexSnapshot`, once per snapshot: a trace's snapshots stay in memory while it is open. */
const indexes = new WeakMap<SerializedLike, SnapshotIndex>();
export function snapshotIndex(root: SerializedLike): SnapshotIndex {
  let index = indexes.get(root);
  if (!index) indexes.set(root, (index = indexSnapshot(root)));
  return index;
}

function sameAttributes(a: Record<string, unknown> | undefined, b: Record<string, unknown> | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  let count = 0;
  for (const name in a) {
    count++;
    if (!(name in b) || a[name] !== b[name]) return false;
  }
  for (const _ in b) count--;
  return count === 0;
}

function sameChildren(a: SerializedLike[] | undefined, b: SerializedLike[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i]!.id !== y[i]!.id) return false;
  return true;
}

/** Whether two serialized nodes with one id would be built alike, leaving their children's own state aside. */
function sameOwnState(a: SerializedLike, b: SerializedLike): boolean {
  return (
    a.type === b.type &&
    a.tagName === b.tagName &&
    a.textContent === b.textContent &&
    a.isShadowHost === b.isShadowHost &&
    a.isShadow === b.isShadow &&
    a.rootId === b.rootId &&
    sameAttributes(a.attributes, b.attributes) &&
    sameChildren(a.childNodes, b.childNodes)
  );
}

/**
 * Adds to `into` the ids of nodes whose own state differs between two full snapshots of one page load: changed
 * attributes, text or child list, and nodes of `after` that `before` lacks. A node only in `before` is named by
 * its parent's child list. Both trees are walked together while their shapes agree, which is almost always; where
 * they part, `before` is looked up by id.
 */
export function changedBetween(before: SerializedLike, after: SerializedLike, into: Set<number>): void {
  const walk = (a: SerializedLike | undefined, b: SerializedLike) => {
    if (!a || !sameOwnState(a, b)) into.add(b.id);
    const theirs = b.childNodes;
    if (!theirs) return;
    const ours = a?.childNodes;
    if (ours && sameChildren(ours, theirs)) {
      for (let i = 0; i < theirs.length; i++) walk(ours[i], theirs[i]!);
      return;
    }
    // Moved, added or removed children: find each one where it was.
    const index = snapshotIndex(before).byId;
    for (const child of theirs) walk(index.get(child.id), child);
  };
  walk(before.id === after.id ? before : snapshotIndex(before).byId.get(after.id), after);
}
