/**
 * Adapts the stylesheets that a trace's events build for rrweb's hover emulation (every `:hover` rule also matches
 * rrweb's `.\:hover` class; device-size media queries rewritten) before rrweb's Replayer builds them.
 *
 * rrweb does this while it builds, through a cache keyed by each stylesheet's text, with a full postcss parse: on
 * a page with heavy CSS that was most of the first frame, and a seek into a page load with other styles paid it
 * again. Filling that cache from here first, with `adaptCssForHover` (the same text, from one pass), took the
 * benchmark's 376 KB of CSS from 270 ms to 35–40 ms, measured in the replay harness.
 * The keys are the texts rrweb's build asks for: a `_cssText` with its split markers removed (style elements),
 * as it is (linked stylesheets), and the text of a style element's text node, in full snapshots and in the
 * subtrees that mutations add.
 */
import { adaptCssForReplay } from 'rrweb-snapshot';
import { adaptCssForHover } from '@/lib/replay/hover-css';
import { EventType, IncrementalSource } from '@/lib/trace-events';

type BuildCache = NonNullable<Parameters<typeof adaptCssForReplay>[1]>;

/** rrweb's text for `css`, into rrweb's cache: from the quick scan, or from rrweb where the scan cannot promise it. */
function adapt(css: string, cache: BuildCache): void {
  if (cache.stylesWithHoverClass.has(css)) return;
  const quick = adaptCssForHover(css);
  if (quick === null) adaptCssForReplay(css, cache);
  else cache.stylesWithHoverClass.set(css, quick);
}

interface SnapshotNode {
  type?: number;
  attributes?: Record<string, unknown>;
  textContent?: string;
  isStyle?: boolean;
  childNodes?: SnapshotNode[];
}

const SPLIT = '/* rr_split */';

function adaptSubtree(root: unknown, cache: BuildCache): void {
  const walk = (node: SnapshotNode) => {
    const css = node.attributes?._cssText;
    if (typeof css === 'string') {
      const joined = css.includes(SPLIT) ? css.split(SPLIT).join('') : css;
      adapt(joined, cache);
      if (joined !== css) adapt(css, cache);
    }
    if (node.isStyle && typeof node.textContent === 'string') adapt(node.textContent, cache);
    if (node.childNodes) for (const child of node.childNodes) walk(child);
  };
  if (typeof root === 'object' && root !== null) walk(root as SnapshotNode);
}

interface EventLike {
  type: number;
  data?: unknown;
}

/** Fills rrweb's cache for the stylesheets that `events` build: their full snapshots and the nodes they add. */
export function adaptStylesAhead(events: readonly EventLike[], cache: BuildCache): void {
  for (const e of events) {
    const data = e.data as { node?: unknown; source?: unknown; adds?: unknown } | undefined;
    if (e.type === EventType.FullSnapshot) adaptSubtree(data?.node, cache);
    else if (e.type === EventType.IncrementalSnapshot && data?.source === IncrementalSource.Mutation && Array.isArray(data.adds)) {
      for (const add of data.adds as { node?: unknown }[]) adaptSubtree(add?.node, cache);
    }
  }
}
