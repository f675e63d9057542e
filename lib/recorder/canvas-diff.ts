/**
 * "Only what changed" for canvas frames: which tiles of a canvas's picture differ from the last kept picture,
 * a few rectangles that cover them, and whether to keep a delta (those rectangles) or a key frame (the whole
 * picture). Pure functions over pixel arrays, so that the recorder in the page only reads pixels and encodes.
 *
 * Pixels are RGBA as one 32-bit word each (an ImageData's buffer seen as a Uint32Array): a changed word is a
 * changed pixel, whatever its byte order.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Tiles of `tile` x `tile` pixels (the last column and row may be narrower), `dirty[row * cols + col]` = 1. */
export interface TileGrid {
  cols: number;
  rows: number;
  tile: number;
  dirty: Uint8Array;
  count: number;
}

/** Tiles of 32 px: small enough to follow a stroke, large enough that their edges do not cost much. */
export const TILE_SIZE = 32;

/**
 * Marks each tile in which any pixel differs between `prev` and `cur` (both `width` x `height`). A tile is left
 * as soon as one difference is found in it, so a picture that changed everywhere costs little more than one
 * that did not change at all.
 */
export function changedTiles(prev: Uint32Array, cur: Uint32Array, width: number, height: number, tile = TILE_SIZE): TileGrid {
  if (prev.length < width * height || cur.length < width * height) throw new RangeError('A picture is smaller than its size says.');
  const cols = Math.ceil(width / tile);
  const rows = Math.ceil(height / tile);
  const dirty = new Uint8Array(cols * rows);
  let count = 0;
  for (let y = 0; y < height; y++) {
    const rowBase = ((y / tile) | 0) * cols;
    const line = y * width;
    for (let col = 0; col < cols; col++) {
      if (dirty[rowBase + col]) continue;
      const from = line + col * tile;
      const to = line + Math.min(width, (col + 1) * tile);
      for (let i = from; i < to; i++) {
        if (prev[i] !== cur[i]) {
          dirty[rowBase + col] = 1;
          count++;
          break;
        }
      }
    }
  }
  return { cols, rows, tile, dirty, count };
}

/** A rectangle of whole tiles, inclusive bounds, in tile units. */
interface TileBox {
  c0: number;
  r0: number;
  c1: number;
  r1: number;
}

const boxArea = (b: TileBox) => (b.c1 - b.c0 + 1) * (b.r1 - b.r0 + 1);
const union = (a: TileBox, b: TileBox): TileBox => ({
  c0: Math.min(a.c0, b.c0),
  r0: Math.min(a.r0, b.r0),
  c1: Math.max(a.c1, b.c1),
  r1: Math.max(a.r1, b.r1),
});

/**
 * What one more rectangle costs, in tiles: an image's own header and an event of its own. Two boxes are merged
 * when the tiles their union adds cost less than that.
 */
const RECT_OVERHEAD_TILES = 2;
const MAX_GROUPS = 24;

/**
 * Covers every dirty tile with at most `max` rectangles (in pixels, clipped to the picture): one box per group
 * of touching tiles, then boxes merged while a merge costs fewer tiles than it saves, or while there are too many.
 */
export function coverTiles(grid: TileGrid, width: number, height: number, max = 4): Rect[] {
  const { cols, rows, dirty, tile } = grid;
  const seen = new Uint8Array(cols * rows);
  let boxes: TileBox[] = [];
  const stack: number[] = [];
  for (let start = 0; start < dirty.length; start++) {
    if (!dirty[start] || seen[start]) continue;
    const box: TileBox = { c0: cols, r0: rows, c1: -1, r1: -1 };
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const c = i % cols;
      const r = (i / cols) | 0;
      box.c0 = Math.min(box.c0, c);
      box.c1 = Math.max(box.c1, c);
      box.r0 = Math.min(box.r0, r);
      box.r1 = Math.max(box.r1, r);
      for (let dr = -1; dr <= 1; dr++) {
        for (let dc = -1; dc <= 1; dc++) {
          const nc = c + dc;
          const nr = r + dr;
          if (nc < 0 || nr < 0 || nc >= cols || nr >= rows) continue;
          const j = nr * cols + nc;
          if (dirty[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    boxes.push(box);
  }

  // Scattered changes (noise, a dithered fill): one box, rather than a quadratic search over hundreds.
  if (boxes.length > MAX_GROUPS) boxes = [boxes.reduce(union)];
  // Greedy merging: the pair whose union wastes the fewest tiles first.
  for (;;) {
    let best: [number, number] | null = null;
    let bestWaste = Infinity;
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const waste = boxArea(union(boxes[a]!, boxes[b]!)) - boxArea(boxes[a]!) - boxArea(boxes[b]!);
        if (waste < bestWaste) {
          bestWaste = waste;
          best = [a, b];
        }
      }
    }
    if (!best || (bestWaste >= RECT_OVERHEAD_TILES && boxes.length <= max)) break;
    const [a, b] = best;
    const merged = union(boxes[a]!, boxes[b]!);
    boxes = boxes.filter((_, i) => i !== a && i !== b);
    boxes.push(merged);
  }

  return boxes
    .map((b) => {
      const x = b.c0 * tile;
      const y = b.r0 * tile;
      return { x, y, width: Math.min(width, (b.c1 + 1) * tile) - x, height: Math.min(height, (b.r1 + 1) * tile) - y };
    })
    .sort((p, q) => p.y - q.y || p.x - q.x);
}

/** What has been kept of a canvas since its last key frame. */
export interface KeyState {
  /** Encoded bytes of the last key frame. */
  keyBytes: number;
  /** Delta frames kept since it, and their bytes. */
  deltas: number;
  deltaBytes: number;
}

export interface FramePolicy {
  /** A delta covering more than this share of the picture is kept as a key frame instead. */
  maxDeltaShare: number;
  /** At most this many deltas follow a key frame: a seek paints the key frame and every delta after it. */
  maxDeltas: number;
  /** Once the deltas since the key frame weigh this many key frames, the next picture is a key frame. */
  maxDeltaWeight: number;
  /** ...a key frame counted as at least this many bytes: a nearly blank one would call for a new key at once. */
  minKeyBytes: number;
}

export const FRAME_POLICY: FramePolicy = { maxDeltaShare: 0.5, maxDeltas: 40, maxDeltaWeight: 2, minKeyBytes: 8192 };

export type FramePlan = { kind: 'none' } | { kind: 'key' } | { kind: 'delta'; rects: Rect[] };

/**
 * Key frame or delta for a new picture. `since` is null when there is no usable last picture (the first picture,
 * a resize, a new snapshot of the page): that is always a key frame. A picture whose pixels are all the same as
 * the last kept one's needs nothing.
 */
export function planFrame(
  grid: TileGrid | null,
  width: number,
  height: number,
  since: KeyState | null,
  policy: FramePolicy = FRAME_POLICY,
): FramePlan {
  if (!grid || !since) return { kind: 'key' };
  if (grid.count === 0) return { kind: 'none' };
  const keyWeight = Math.max(since.keyBytes, policy.minKeyBytes);
  if (since.deltas >= policy.maxDeltas || since.deltaBytes >= policy.maxDeltaWeight * keyWeight) return { kind: 'key' };
  const rects = coverTiles(grid, width, height);
  const area = rects.reduce((n, r) => n + r.width * r.height, 0);
  if (area > policy.maxDeltaShare * width * height) return { kind: 'key' };
  return { kind: 'delta', rects };
}

/**
 * Whether the pixels of `rect` (in a picture `width` wide) hold at most `max` distinct colours: flat graphics
 * (diagrams, UI drawn on a canvas, a cleared WebGL scene) that lossless WebP stores exactly and in fewer bytes than
 * lossy, where antialiased strokes and photos have many colours and are smaller lossy. Runs of one colour cost one
 * comparison each, and a busy picture is given up on at its `max + 1`-th colour.
 */
export function hasFewColours(pixels: Uint32Array, width: number, rect: Rect, max = 64): boolean {
  const seen = new Set<number>();
  let last = -1;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const end = y * width + rect.x + rect.width;
    for (let i = y * width + rect.x; i < end; i++) {
      const p = pixels[i]!;
      if (p === last) continue;
      last = p;
      if (seen.has(p)) continue;
      seen.add(p);
      if (seen.size > max) return false;
    }
  }
  return true;
}
