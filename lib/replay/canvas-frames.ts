/**
 * Canvas pixels replay from the recorder's `shadowtrace/canvas-frame` events, painted by the player itself
 * (rrweb would need scripts in the replay frame for its own canvas replay). This index answers "what must be
 * painted for each canvas to show its picture at time t", which is what a seek needs: the Replayer rebuilds the
 * DOM from a snapshot, and the canvases come back blank or with an older picture until the player paints them.
 *
 * A picture is a key frame (the whole canvas) and the delta frames after it (rectangles that changed), so the
 * answer is a chain: the last key frame at or before t, then every delta after it up to t.
 */
import type { CanvasFramePayload } from '../trace-events';

export interface CanvasFrame extends CanvasFramePayload {
  t: number;
  /** Page load the frame belongs to: node ids start over with each load. */
  page: number;
}

export const isDeltaFrame = (frame: CanvasFramePayload): boolean => frame.patch !== undefined;

function key(page: number, target: number): string {
  return `${page}:${target}`;
}

export class CanvasFrameIndex {
  private byCanvas = new Map<string, CanvasFrame[]>();
  size = 0;

  add(frame: CanvasFrame): void {
    const k = key(frame.page, frame.target);
    let list = this.byCanvas.get(k);
    if (!list) this.byCanvas.set(k, (list = []));
    // Frames arrive in time order; an out-of-order one is inserted where it belongs (after any of the same time).
    let i = list.length;
    while (i > 0 && list[i - 1]!.t > frame.t) i--;
    list.splice(i, 0, frame);
    this.size++;
  }

  /** For each canvas of `page`, its chain at `t` (canvases with no frame yet are left out). */
  chainsAt(t: number, page: number): CanvasFrame[][] {
    const out: CanvasFrame[][] = [];
    const prefix = `${page}:`;
    for (const [k, list] of this.byCanvas) {
      if (!k.startsWith(prefix)) continue;
      const chain = chainInList(list, t);
      if (chain.length) out.push(chain);
    }
    return out;
  }

  /** The chain of one canvas at `t`: empty if it has no frame yet. */
  chainAt(t: number, page: number, target: number): CanvasFrame[] {
    return chainInList(this.byCanvas.get(key(page, target)) ?? [], t);
  }
}

/**
 * The frames to paint, in order, for a canvas to show its picture at `t`: its last key frame at or before `t` and
 * the deltas after it. Deltas with no key frame before them (a trace cut short at its start) come from the first.
 */
export function chainInList<F extends CanvasFramePayload & { t: number }>(list: readonly F[], t: number): F[] {
  let lo = 0;
  let hi = list.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.t <= t) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  let first = last;
  while (first > 0 && isDeltaFrame(list[first]!)) first--;
  return list.slice(Math.max(0, first), last + 1);
}
