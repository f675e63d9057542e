/**
 * Tells rrweb's diff which subtrees of the page on screen already match the virtual DOM it is diffing in, so that
 * a seek walks only what changed instead of every node of the page (about 45 ms on a GitHub-sized page).
 *
 * The page on screen is a full snapshot A plus the events applied since; the virtual DOM is a snapshot B (or a copy
 * of the page) plus the events the seek applied. Replaying is deterministic, so a node can differ between the two
 * only if an event since A or since B touched it, or if A and B themselves disagree on it
 * (lib/replay/touched-nodes.ts). Those nodes and their ancestors are diffed; every other subtree is left alone.
 * All of that is known before B is built (`plan`), so only those nodes are built whole, and the other children
 * of their ancestors as bare elements (`pruneSnapshot`): a seek builds and diffs tens of nodes, not thousands.
 *
 * Whenever that reasoning does not hold, the whole page is diffed as before: an event it cannot account for, or
 * a touched node inside an iframe or a shadow root (rrweb's virtual DOM keeps no way up out of those).
 */
import { changedBetween, RULE_SOURCES, snapshotIndex, touchedBy, type SerializedLike } from '@/lib/replay/touched-nodes';
import { EventType } from '@/lib/trace-events';

/** The parts of rrweb's mirrors (the page's and the virtual DOM's) used here. */
export interface MirrorLike {
  getId(node: unknown): number;
  getNode(id: number): unknown;
}

interface TreeNode {
  parentNode: TreeNode | null;
}

/** The state one tree was built from: a snapshot, and what the events applied since changed. */
interface Basis {
  root: SerializedLike;
  touched: Set<number>;
  /** Style elements whose rules events changed: their sheet no longer matches their text. */
  rules: Set<number>;
  /** An event could not be accounted for: only a whole diff is safe. */
  whole: boolean;
}

export interface DiffRun {
  /** The diff had to visit every node (see the header for when). */
  whole: boolean;
  /** Pairs of nodes the diff was offered (visited or passed over with their subtrees). */
  visited: number;
}

const basis = (root: SerializedLike): Basis => ({ root, touched: new Set(), rules: new Set(), whole: false });

export class DiffScope {
  /** What the page on screen was built from; null until the first snapshot. */
  private screen: Basis | null = null;
  /** A snapshot built into the virtual DOM, waiting for the diff that puts it on screen. */
  private next: Basis | null = null;
  /** For the diff under way: the ids it must visit; null when it must visit everything. */
  private scope: Set<number> | null = null;
  /** The diff under way, once it has started: whether it visits everything, and how many pairs it was offered. */
  private run: DiffRun | null = null;
  /** The scope `plan` worked out for the snapshot being built, if it could. */
  private planned: Set<number> | null = null;

  constructor(private readonly pageMirror: MirrorLike) {}

  /** The page on screen was rebuilt whole from this snapshot. */
  rebuilt(root: SerializedLike): void {
    this.screen = basis(root);
    this.next = null;
  }

  /** This snapshot was built into the virtual DOM; the diff to come puts it on screen. */
  built(root: SerializedLike): void {
    this.next = basis(root);
  }

  /** An event was applied: to the virtual DOM while a snapshot waits there, otherwise to what goes on screen. */
  cast(event: { type: number; data?: unknown }): void {
    const into = this.next ?? this.screen;
    if (!into) return;
    if (!touchedBy(event, into.touched)) into.whole = true;
    const data = event.data as { source?: unknown; id?: unknown } | undefined;
    if (event.type === EventType.IncrementalSnapshot && RULE_SOURCES.has(data?.source as number) && typeof data?.id === 'number') into.rules.add(data.id);
  }

  /**
   * Before `root` is built into the virtual DOM for a seek: works out from what is already known (the page on
   * screen, the two snapshots, and `following`, the events the seek will apply after the snapshot) which nodes
   * the diff must visit. Only those need building whole (`pruneSnapshot`); the rest are left on screen. Null when
   * the whole snapshot must be built and diffed.
   */
  plan(root: SerializedLike, following: readonly { type: number; data?: unknown }[], doc: Document): Set<number> | null {
    this.planned = null;
    const screen = this.screen;
    if (!screen || screen.whole) return null;
    const ahead = new Set<number>();
    for (const event of following) if (!touchedBy(event, ahead)) return null;
    const parents = snapshotIndex(root).parentOf;
    this.planned = this.scopeFor(doc, root, ahead, (id, path) => markSerializedPath(id, parents, root.id, path));
    return this.planned;
  }

  /**
   * Called by rrweb's diff for each pair of nodes before it compares them (the patched `diff`): true leaves
   * the pair, and everything under it, as it is. The first call of a diff is with the two documents.
   */
  skip(page: unknown, virtual: unknown, virtualMirror: MirrorLike): boolean {
    if (!this.run) {
      const vdoc = virtual as TreeNode;
      // Planned before the build, or worked out now from the tree the diff is given.
      this.scope =
        this.planned ??
        this.scopeFor(page as Document, this.next?.root ?? null, this.next?.touched ?? new Set(), (id, path) =>
          markPath(virtualMirror.getNode(id) as TreeNode | null, vdoc, virtualMirror, path),
        );
      this.run = { whole: this.scope === null, visited: 0 };
    }
    this.run.visited++;
    const scope = this.scope;
    if (!scope) return false;
    const id = virtualMirror.getId(virtual);
    // Nodes with no id of their own (a stylesheet's text, rrweb's own style) go with their parent.
    return id > 0 && !scope.has(id) && this.pageMirror.getNode(id) === page;
  }

  /** The flush is done: the page on screen now is what the virtual DOM was. Returns how its diff went, if any. */
  diffed(): DiffRun | null {
    const run = this.run;
    if (this.next) this.screen = this.next;
    this.next = null;
    this.scope = null;
    this.planned = null;
    this.run = null;
    return run;
  }

  /**
   * The ids a diff must visit: those touched on either side and their ancestors in both trees (`markVirtual`
   * walks the tree being built). `nextRoot` is the snapshot being built, or null for a copy of the page.
   */
  private scopeFor(
    doc: Document,
    nextRoot: SerializedLike | null,
    nextTouched: ReadonlySet<number>,
    markVirtual: (id: number, path: Set<number>) => boolean,
  ): Set<number> | null {
    const screen = this.screen;
    if (!screen || screen.whole || this.next?.whole) return null;
    const ids = new Set(screen.touched);
    for (const id of nextTouched) ids.add(id);
    if (nextRoot) {
      if (nextRoot !== screen.root) changedBetween(screen.root, nextRoot, ids);
      // Rules inserted into a sheet since the page's snapshot stay in it whatever its text says: give the sheet
      // back its text (the diff then applies the rules of the new range).
      for (const id of screen.rules) {
        const style = this.pageMirror.getNode(id) as Element | null;
        if (style?.nodeName !== 'STYLE') continue;
        style.appendChild(doc.createTextNode(''));
        style.lastChild!.remove();
        ids.add(id);
      }
    }
    // rrweb marks hovered elements with a class of its own, which the virtual DOM does not have.
    for (const el of Array.from(doc.querySelectorAll('.\\:hover'))) ids.add(this.pageMirror.getId(el));
    // A node's ancestors on screen and in the virtual DOM differ when it moved: both ways up are visited.
    const onPage = new Set<number>();
    const inVirtual = new Set<number>();
    for (const id of ids) {
      if (!markPath(this.pageMirror.getNode(id) as TreeNode | null, doc, this.pageMirror, onPage)) return null;
      if (!markVirtual(id, inVirtual)) return null;
    }
    for (const id of inVirtual) onPage.add(id);
    return onPage;
  }
}

/**
 * Adds `node` and its ancestors up to `top` to `path`. False when the way up ends elsewhere (inside an iframe,
 * a shadow root, or a detached subtree), where the diff cannot be limited safely.
 */
function markPath(node: TreeNode | null, top: TreeNode, mirror: MirrorLike, path: Set<number>): boolean {
  for (let n = node; n; n = n.parentNode) {
    const id = mirror.getId(n);
    if (path.has(id)) return true;
    path.add(id);
    if (n === top) return true;
    if (!n.parentNode) return false;
  }
  return true;
}

/** `markPath` in a serialized tree: an id it does not hold (added by an event later) has no way up to mark. */
function markSerializedPath(id: number, parents: ReadonlyMap<number, number>, top: number, path: Set<number>): boolean {
  if (id !== top && !parents.has(id)) return true;
  for (let n: number | undefined = id; n !== undefined; n = parents.get(n)) {
    if (path.has(n)) return true;
    path.add(n);
    if (n === top) return true;
  }
  return false;
}

/**
 * The part of a snapshot a scoped diff needs: the nodes in `scope` whole, and the other children of those as
 * bare elements (the diff matches children by id and kind, then passes over them).
 */
export function pruneSnapshot<T extends SerializedLike>(node: T, scope: ReadonlySet<number>): T {
  if (!node.childNodes) return node;
  return {
    ...node,
    childNodes: node.childNodes.map((child) => (scope.has(child.id) ? pruneSnapshot(child, scope) : bare(child))),
  };
}

function bare<T extends SerializedLike>(node: T): T {
  // Text, comments and doctypes are leaves already. An element keeps what tells its kind as built: rrweb builds
  // a linked stylesheet it inlined (`_cssText`) as a <style>, and an SVG element in its namespace.
  if (node.type !== 2) return node;
  const inlined = node.tagName === 'link' && node.attributes?._cssText !== undefined;
  const svg = (node as { isSVG?: boolean }).isSVG;
  return { type: node.type, id: node.id, tagName: inlined ? 'style' : node.tagName, attributes: {}, childNodes: [], ...(svg ? { isSVG: svg } : {}) } as unknown as T;
}
