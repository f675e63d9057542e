/**
 * Adapts a full snapshot's stylesheets for rrweb's hover emulation (every `:hover` rule also matches rrweb's
 * `.\:hover` class; device-size media queries rewritten) before rrweb's Replayer builds the snapshot.
 *
 * rrweb does this during its rebuild, through a cache keyed by each stylesheet's text, and on a page with heavy
 * CSS it is most of the first frame. Filling that cache from here first, with rrweb-snapshot's own function,
 * measured 305 ms to the first frame against 560–650 ms on the benchmark's 60-minute trace (376 KB of CSS).
 * The keys are the texts rrweb's build asks for: a `_cssText` with its split markers removed (style elements),
 * as it is (linked stylesheets), and the text of a style element's text node.
 */
import { adaptCssForReplay } from 'rrweb-snapshot';

type BuildCache = Parameters<typeof adaptCssForReplay>[1];

interface SnapshotNode {
  type?: number;
  attributes?: Record<string, unknown>;
  textContent?: string;
  isStyle?: boolean;
  childNodes?: SnapshotNode[];
}

const SPLIT = '/* rr_split */';

export function adaptStylesAhead(root: unknown, cache: BuildCache): void {
  const walk = (node: SnapshotNode) => {
    const css = node.attributes?._cssText;
    if (typeof css === 'string') {
      const joined = css.includes(SPLIT) ? css.split(SPLIT).join('') : css;
      adaptCssForReplay(joined, cache);
      if (joined !== css) adaptCssForReplay(css, cache);
    }
    if (node.isStyle && typeof node.textContent === 'string') adaptCssForReplay(node.textContent, cache);
    if (node.childNodes) for (const child of node.childNodes) walk(child);
  };
  if (typeof root === 'object' && root !== null) walk(root as SnapshotNode);
}
