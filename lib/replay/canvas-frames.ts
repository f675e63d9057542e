/**
 * Canvas pixels replay from the recorder's `shadowtrace/canvas-frame` events, painted by the player itself
 * (rrweb would need scripts in the replay frame for its own canvas replay). This index answers "which frame
 * should each canvas show at time t", which is what a seek needs: the Replayer rebuilds the DOM from a snapshot,
 * and the canvases come back blank or with an older picture until the player paints the latest frame.
 */
import type { CanvasFramePayload } from '../trace-events';

export interface CanvasFrame extends CanvasFramePayload {
  t: number;
  /** Page load the frame belongs to: node ids start over with each load. */
  page: number;
}

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
    // Frames arrive in time order; an out-of-order one is inserted where it belongs.
    let i = list.length;
    while (i > 0 && list[i - 1]!.t > frame.t) i--;
    list.splice(i, 0, frame);
    this.size++;
  }

  /** For each canvas of `page`, its latest frame at or before `t` (canvases with no frame yet are left out). */
  latestAt(t: number, page: number): CanvasFrame[] {
    const out: CanvasFrame[] = [];
    const prefix = `${page}:`;
    for (const [k, list] of this.byCanvas) {
      if (!k.startsWith(prefix)) continue;
      const frame = latestInList(list, t);
      if (frame) out.push(frame);
    }
    return out;
  }
}

function latestInList(list: readonly CanvasFrame[], t: number): CanvasFrame | null {
  let lo = 0;
  let hi = list.length - 1;
  let found: CanvasFrame | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.t <= t) {
      found = list[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
