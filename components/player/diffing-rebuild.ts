/**
 * Makes a seek across a full snapshot patch the page on screen instead of rebuilding it.
 *
 * rrweb's Replayer rebuilds the whole document for every full snapshot it applies: `document.open()`, every node
 * created again, every stylesheet parsed again, the whole page laid out again. On a GitHub-sized page that is
 * 135–165 ms, paid by every backward seek and every seek into another checkout window. Yet rrweb's recorder keeps
 * a node's id across checkouts, so the snapshot a seek starts from is mostly the page that is already on screen.
 *
 * While fast-forwarding, the Replayer already applies events to its virtual DOM (rrdom) and, once, diffs that into
 * the real document by node id (`useVirtualDom`). This module routes the synchronous full-snapshot rebuild there
 * too: the snapshot is built into the virtual DOM, the events after it land there as usual, and the flush diffs the
 * result into the document on screen. Nodes that did not change are not touched, stylesheets that did not change
 * are not parsed again, and the diff visits only the subtrees that events or the two snapshots changed
 * (`diff-scope.ts`), so a seek costs about what changed.
 *
 * It reaches into Replayer internals that rrweb does not type as public (rrweb is pinned to 2.2.2 for this):
 *  - `mirror.reset` is deferred: rrweb clears the id map when it replays backwards, before the rebuild, which
 *    would leave the diff nothing to match;
 *  - a stylesheet's text has no id of its own, so the diff would replace (and re-parse) it every time; the text
 *    nodes of an element with id X get stable ids derived from X in both trees;
 *  - an input the replay typed into keeps its typed value when its `value` attribute changes, so the values a
 *    snapshot holds are set again after the diff;
 *  - rrweb's own style element (block placeholders, paused animations) gets one id in both trees, or the diff would
 *    add its rules to the page once more every seek;
 *  - scroll positions wait until the seek's events are in (see `applyScroll` below);
 *  - a seek while paused keeps the page's paused class, and hands rrweb only the events it applies (`r.pause`);
 *  - rrweb's diff asks `skipDiff` before each pair of nodes (patches/rrweb+2.2.2.patch).
 * The first snapshot, and the first of another page load, are still built by rrweb itself.
 */
import type { Replayer } from 'rrweb';
import { buildNodeWithSN, type Mirror } from 'rrweb-snapshot';
import { eventsAfter, eventsUpTo, type TimedEvent } from '@/lib/replay/timeline';
import { DiffScope, pruneSnapshot, type MirrorLike } from './diff-scope';

type SerializedNode = Parameters<typeof buildNodeWithSN>[0];

/** The Replayer's internals this module uses, as rrweb 2.2.2 has them. */
interface VirtualNode {
  nodeName: string;
  childNodes: VirtualNode[];
  RRNodeType?: number;
  inputData?: unknown;
  setAttribute(name: string, value: string): void;
  getAttribute(name: string): string | null;
}
interface VirtualDocument extends VirtualNode {
  mirror: Mirror;
  documentElement: (VirtualNode & { insertBefore(node: VirtualNode, before: VirtualNode | null): void }) | null;
  head: VirtualNode | null;
  destroyTree(): void;
  createElement(tagName: string): VirtualNode;
}
interface ReplayerInternals {
  iframe: HTMLIFrameElement;
  usingVirtualDom: boolean;
  virtualDom: VirtualDocument;
  mirror: Mirror;
  cache: Parameters<typeof buildNodeWithSN>[1]['cache'];
  legacy_missingNodeRetryMap: Record<string, unknown>;
  service: {
    state: { matches(state: string): boolean; context: { events: TimedEvent[]; baselineTime: number } };
    send(event: { type: string; payload?: unknown }): void;
  };
  emitter: { on(type: string, handler: (payload?: unknown) => void): void; emit(type: string, payload?: unknown): void };
  applyScroll(d: ScrollData, isSync: boolean): void;
  play(timeOffset?: number): void;
  pause(timeOffset?: number): void;
  rebuildFullSnapshot(event: { data: { node: SerializedNode }; timestamp: number }, isSync?: boolean): void;
  destroy(): void;
  /** Read by rrweb's diff (patches/rrweb+2.2.2.patch): true leaves a subtree on screen as it is. */
  skipDiff?: (page: unknown, virtual: unknown, virtualMirror: MirrorLike) => boolean;
}

/** Counts of the two ways snapshots were applied, for tests and benchmarks. */
export interface RebuildCounts {
  rebuilt: number;
  diffed: number;
  /** Diffs that could visit only what changed, and the nodes the last diff visited. */
  scoped: number;
  visited: number;
}

const TEXT_NODE = 3;
/** Ids for the text inside an element with id X: far below rrdom's own unserialised ids (-2, -3, ...). */
const textIdOf = (parentId: number, index: number) => -(1_000_000_000 + parentId * 64 + Math.min(index, 63));
const STYLE = 'STYLE';
/** The id of rrweb's own style element in both trees (below rrdom's unserialised ids, apart from the texts'). */
const OWN_STYLE_ID = -999_999_999;
/** The class rrweb's Replayer gives the replayed page's root while paused (`pauseAnimation`). */
const PAUSED_CLASS = 'rrweb-paused';

interface ScrollData {
  id: number;
  x: number;
  y: number;
}

interface FieldState {
  id: number;
  node: VirtualNode;
  value: string | undefined;
  checked: boolean;
}

/**
 * `samePage(a, b)`: whether the snapshots taken at times `a` and `b` are of one page load. Ids are only stable
 * within one; a snapshot of another page load is built whole, as rrweb does.
 */
export function diffSnapshotsOnSeek(replayer: Replayer, samePage: (a: number, b: number) => boolean): RebuildCounts {
  const r = replayer as unknown as ReplayerInternals;
  const counts: RebuildCounts = { rebuilt: 0, diffed: 0, scoped: 0, visited: 0 };
  const scope = new DiffScope(r.mirror);
  r.skipDiff = (page, virtual, virtualMirror) => scope.skip(page, virtual, virtualMirror);
  r.emitter.on('event-cast', (event) => scope.cast(event as { type: number; data?: unknown }));
  const mirror = r.mirror;
  const clearMirror = mirror.reset.bind(mirror);
  mirror.reset = () => {};
  const rebuild = r.rebuildFullSnapshot.bind(r);
  const destroy = r.destroy.bind(r);
  r.destroy = () => {
    destroy();
    clearMirror();
  };
  let fields: FieldState[] = [];
  /** When the snapshot the page on screen comes from was taken. */
  let onScreenSince = -Infinity;
  // Scrolling an element makes Chrome lay the page out there and then, so a scroll applied in the middle of a
  // seek lays out a half-patched page and the next frame lays it out again. While a seek applies its events (a
  // `play` from an offset, which rrweb ends with a flush), scrolls wait and are applied once it is done.
  const applyScroll = r.applyScroll.bind(r);
  let waiting: Map<number, ScrollData> | null = null;
  r.applyScroll = (d, isSync) => {
    if (waiting) waiting.set(d.id, d);
    else applyScroll(d, isSync);
  };
  const play = r.play.bind(r);
  r.play = (timeOffset) => {
    waiting ??= new Map();
    play(timeOffset);
  };
  // rrweb's `pause(t)` is `play(t)` then a pause, and each takes the page's `rrweb-paused` class off or puts it
  // back. Its rule matches every element (`html.rrweb-paused *`), so each change makes Chrome recompute the style
  // of the whole page: two of those on every seek while paused, for a class that ends as it began. A seek from
  // paused to paused sends the same two transitions and leaves the class alone.
  const pause = r.pause.bind(r);
  r.pause = (timeOffset) => {
    if (typeof timeOffset !== 'number' || !r.service.state.matches('paused')) {
      pause(timeOffset);
      return;
    }
    waiting ??= new Map();
    // rrweb's play also schedules every event after the target (a closure and a timer entry each, tens of
    // thousands in a long trace) for the pause to drop at once. It is given only what the seek applies.
    const all = r.service.state.context.events;
    r.service.state.context.events = eventsUpTo(all, all[0]!.timestamp + timeOffset);
    try {
      r.service.send({ type: 'PLAY', payload: { timeOffset } });
      r.service.send({ type: 'PAUSE' });
    } finally {
      r.service.state.context.events = all;
    }
    r.emitter.emit('pause');
  };

  r.rebuildFullSnapshot = (event, isSync = false) => {
    const doc = r.iframe.contentDocument;
    const onScreen = doc?.documentElement ? mirror.getId(doc.documentElement) : -1;
    const previous = onScreenSince;
    onScreenSince = event.timestamp;
    if (!doc || onScreen === -1 || !samePage(previous, event.timestamp)) {
      clearMirror();
      rebuild(event, isSync);
      scope.rebuilt(event.data.node);
      if (doc) tagStyleTextInDocument(doc, mirror);
      counts.rebuilt++;
      return;
    }
    // Only what the diff will visit is built; the rest of the page on screen is already what the snapshot holds.
    const context = r.service.state.context;
    const following = isSync ? eventsAfter(context.events, event as unknown as TimedEvent, context.baselineTime) : [];
    const planned = scope.plan(event.data.node, following, doc);
    const root = planned ? pruneSnapshot(event.data.node, planned) : event.data.node;
    const built = buildVirtual(r, root, doc.documentElement.classList.contains(PAUSED_CLASS));
    fields = built.fields;
    scope.built(event.data.node);
    waiting ??= new Map();
    for (const scroll of built.scrolls) waiting.set(scroll.id, scroll);
    counts.diffed++;
    r.emitter.emit('fullsnapshot-rebuilded', event);
    // Met while playing (a checkout, a page load), the snapshot goes on screen now; the events after it are
    // applied one by one to the real page, as usual.
    if (!isSync) r.emitter.emit('flush');
  };

  // Registered after rrweb's own flush handler, so it runs once the diff is on screen.
  r.emitter.on('flush', () => {
    const diff = scope.diffed();
    if (diff) {
      if (!diff.whole) counts.scoped++;
      counts.visited = diff.visited;
    }
    if (fields.length) restoreFields(fields, mirror);
    fields = [];
    const scrolls = waiting;
    waiting = null;
    scrolls?.forEach((d) => applyScroll(d, true));
  });
  return counts;
}

/**
 * Builds a snapshot into the Replayer's virtual DOM. Returns what the diff does not carry over: the values of
 * form fields and the scroll positions the snapshot holds (rrweb's own rebuild sets those on the real nodes).
 */
function buildVirtual(r: ReplayerInternals, root: SerializedNode, paused: boolean): { fields: FieldState[]; scrolls: ScrollData[] } {
  const vdom = r.virtualDom;
  vdom.destroyTree();
  r.usingVirtualDom = true;
  r.legacy_missingNodeRetryMap = {};
  const fields: FieldState[] = [];
  const scrolls: ScrollData[] = [];
  buildNodeWithSN(root, {
    doc: vdom as unknown as Document,
    mirror: vdom.mirror,
    skipChild: false,
    hackCss: true,
    cache: r.cache,
    afterAppend: (built, id) => {
      const node = built as unknown as VirtualNode;
      const name = node.nodeName;
      if (name === STYLE) tagStyleText(node, id, vdom.mirror);
      const meta = vdom.mirror.getMeta(built);
      const attributes = meta && 'attributes' in meta ? meta.attributes : {};
      if (attributes.rr_scrollLeft != null || attributes.rr_scrollTop != null) {
        scrolls.push({ id, x: Number(attributes.rr_scrollLeft ?? 0), y: Number(attributes.rr_scrollTop ?? 0) });
      }
      if (name === 'INPUT' || name === 'TEXTAREA' || name === 'SELECT') {
        const value = attributes.value;
        fields.push({ id, node, value: typeof value === 'string' ? value : undefined, checked: attributes.checked != null });
      }
    },
  });
  const { documentElement, head } = vdom;
  if (documentElement) {
    // rrweb's own style rules (block placeholders, paused animations) are already in the page on screen; an
    // empty element with the same id keeps the diff from adding them to its stylesheet once more every seek.
    const own = vdom.createElement(STYLE);
    vdom.mirror.add(own as unknown as Node, { type: 2, tagName: 'style', attributes: {}, childNodes: [], id: OWN_STYLE_ID });
    documentElement.insertBefore(own, head);
    // The class as the page on screen has it: the diff must not change it (see `r.pause` above).
    if (paused) {
      const cls = documentElement.getAttribute('class');
      documentElement.setAttribute('class', cls ? `${cls} ${PAUSED_CLASS}` : PAUSED_CLASS);
    }
  }
  return { fields, scrolls };
}

function tagStyleText(style: { childNodes: ArrayLike<unknown> }, id: number, mirror: Mirror): void {
  for (let i = 0; i < style.childNodes.length; i++) {
    const text = style.childNodes[i] as Node;
    if ((text as { nodeType?: number; RRNodeType?: number }).nodeType !== TEXT_NODE && (text as { RRNodeType?: number }).RRNodeType !== TEXT_NODE) continue;
    if (mirror.getId(text) !== -1) continue;
    mirror.add(text, { type: 3, textContent: '', id: textIdOf(id, i) });
  }
}

/** After rrweb's own rebuild: gives the nodes that have no id of their own the ids the virtual build gives them. */
function tagStyleTextInDocument(doc: Document, mirror: Mirror): void {
  for (const style of Array.from(doc.getElementsByTagName('style'))) {
    const id = mirror.getId(style);
    if (id > 0) tagStyleText(style, id, mirror);
  }
  // rrweb puts its own style element just before <head> (Replayer.insertStyleRules).
  const own = doc.head?.previousSibling;
  if (own && own.nodeName === STYLE && mirror.getId(own) === -1) {
    mirror.add(own, { type: 2, tagName: 'style', attributes: {}, childNodes: [], id: OWN_STYLE_ID });
  }
}

/** Puts back the values a snapshot holds into fields the replay typed into (the diff only sets attributes). */
function restoreFields(fields: FieldState[], mirror: Mirror): void {
  for (const field of fields) {
    if (field.node.inputData) continue; // a later input event was applied by the diff
    // Nodes of the replay frame belong to its own realm: compare names, not classes.
    const el = mirror.getNode(field.id) as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | null;
    if (!el) continue;
    if (el.nodeName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) {
      (el as HTMLInputElement).checked = field.checked;
    } else if (el.nodeName === 'INPUT' || el.nodeName === 'TEXTAREA') {
      // rrweb leaves `value` out of a snapshot when the field is empty.
      if (el.value !== (field.value ?? '')) el.value = field.value ?? '';
    } else if (el.nodeName === 'SELECT' && field.value !== undefined && el.value !== field.value) {
      el.value = field.value;
    }
  }
}
