import { describe, expect, it } from 'vitest';
import { changedTiles, coverTiles, FRAME_POLICY, hasFewColours, planFrame, type Rect, type TileGrid } from '@/lib/recorder/canvas-diff';

/** A picture of `width` x `height` with the given rectangles painted another colour. */
function picture(width: number, height: number, paint: Rect[] = []): Uint32Array {
  const px = new Uint32Array(width * height).fill(0xffffffff);
  for (const r of paint) for (let y = r.y; y < r.y + r.height; y++) px.fill(0xff0000ff, y * width + r.x, y * width + r.x + r.width);
  return px;
}

/** A grid from rows of '#' (dirty) and '.' (clean). */
function grid(rows: string[], tile = 10): TileGrid {
  const cols = rows[0]!.length;
  const dirty = Uint8Array.from(rows.join('').split(''), (c) => (c === '#' ? 1 : 0));
  return { cols, rows: rows.length, tile, dirty, count: dirty.reduce((n, d) => n + d, 0) };
}

const dirtyRows = (g: TileGrid) =>
  Array.from({ length: g.rows }, (_, r) => Array.from(g.dirty.subarray(r * g.cols, (r + 1) * g.cols), (d) => (d ? '#' : '.')).join(''));

describe('changedTiles: the tiles in which any pixel differs', () => {
  it.each([
    { name: 'nothing changed', paint: [], want: ['....', '....', '....'], count: 0 },
    { name: 'one pixel', paint: [{ x: 15, y: 5, width: 1, height: 1 }], want: ['.#..', '....', '....'], count: 1 },
    { name: 'across a tile edge', paint: [{ x: 9, y: 9, width: 2, height: 2 }], want: ['##..', '##..', '....'], count: 4 },
    { name: 'in the narrow last column and row', paint: [{ x: 34, y: 24, width: 1, height: 1 }], want: ['....', '....', '...#'], count: 1 },
    { name: 'everything', paint: [{ x: 0, y: 0, width: 35, height: 25 }], want: ['####', '####', '####'], count: 12 },
  ])('$name', ({ paint, want, count }) => {
    const g = changedTiles(picture(35, 25), picture(35, 25, paint), 35, 25, 10);
    expect([g.cols, g.rows]).toEqual([4, 3]);
    expect(dirtyRows(g)).toEqual(want);
    expect(g.count).toBe(count);
  });

  it('refuses pictures smaller than their size', () => {
    expect(() => changedTiles(new Uint32Array(3), new Uint32Array(4), 2, 2)).toThrow(RangeError);
  });
});

describe('coverTiles: a few rectangles over the dirty tiles, in pixels', () => {
  it.each([
    { name: 'no change, no rectangle', rows: ['....', '....'], want: [] },
    { name: 'one tile', rows: ['.#..', '....'], want: [{ x: 10, y: 0, width: 10, height: 10 }] },
    { name: 'a diagonal stroke is one box', rows: ['#...', '.#..', '..#.'], want: [{ x: 0, y: 0, width: 30, height: 30 }] },
    {
      name: 'two far groups stay apart',
      rows: ['#.......', '........', '........', '.......#'],
      want: [
        { x: 0, y: 0, width: 10, height: 10 },
        { x: 70, y: 30, width: 10, height: 10 },
      ],
    },
    { name: 'near groups merge when the union wastes little', rows: ['#.#', '...'], want: [{ x: 0, y: 0, width: 30, height: 10 }] },
    { name: 'clipped to the picture', rows: ['...#'], size: [35, 10], want: [{ x: 30, y: 0, width: 5, height: 10 }] },
  ])('$name', ({ rows, want, size }) => {
    const g = grid(rows);
    expect(coverTiles(g, size?.[0] ?? g.cols * 10, size?.[1] ?? g.rows * 10)).toEqual(want);
  });

  it('never gives more rectangles than asked for, and still covers every dirty tile', () => {
    const rows = ['#.#.#.#.#', '.........', '#.#.#.#.#', '.........', '#.#.#.#.#'];
    const g = grid(rows);
    const rects = coverTiles(g, 90, 50, 3);
    expect(rects.length).toBeLessThanOrEqual(3);
    for (let r = 0; r < g.rows; r++) {
      for (let c = 0; c < g.cols; c++) {
        if (!g.dirty[r * g.cols + c]) continue;
        expect(rects.some((x) => x.x <= c * 10 && x.y <= r * 10 && x.x + x.width >= (c + 1) * 10 && x.y + x.height >= (r + 1) * 10)).toBe(true);
      }
    }
  });

  it('collapses scattered noise into one box', () => {
    const rows = Array.from({ length: 20 }, (_, r) => Array.from({ length: 20 }, (_, c) => ((r % 2 === 0 && c % 2 === 0) ? '#' : '.')).join(''));
    expect(coverTiles(grid(rows), 200, 200)).toEqual([{ x: 0, y: 0, width: 190, height: 190 }]);
  });
});

describe('planFrame: key frame or delta', () => {
  const small = grid(['#...', '....', '....', '....']);
  const most = grid(['###.', '###.', '###.', '....']);
  const since = { keyBytes: 10_000, deltas: 3, deltaBytes: 2_000 };
  it.each([
    { name: 'the first picture', g: null, since: null, want: 'key' },
    { name: 'no last picture to compare with (resize, new snapshot)', g: small, since: null, want: 'key' },
    { name: 'a small change', g: small, since, want: 'delta' },
    { name: 'no pixel changed', g: grid(['....']), since, want: 'none' },
    { name: 'more than half the picture changed', g: most, since, want: 'key' },
    { name: 'too many deltas since the key frame', g: small, since: { ...since, deltas: FRAME_POLICY.maxDeltas }, want: 'key' },
    { name: 'the deltas weigh more than the key frame allows', g: small, since: { ...since, deltaBytes: 20_000 }, want: 'key' },
    { name: 'a nearly blank key frame still allows some deltas', g: small, since: { keyBytes: 60, deltas: 2, deltaBytes: 1_000 }, want: 'delta' },
    { name: 'but not without end', g: small, since: { keyBytes: 60, deltas: 9, deltaBytes: 2 * FRAME_POLICY.minKeyBytes }, want: 'key' },
  ])('$name: $want', ({ g, since: s, want }) => {
    expect(planFrame(g, 40, 40, s).kind).toBe(want);
  });

  it('a delta carries the rectangles of what changed', () => {
    expect(planFrame(small, 40, 40, since)).toEqual({ kind: 'delta', rects: [{ x: 0, y: 0, width: 10, height: 10 }] });
  });
});

describe('hasFewColours: flat graphics are kept lossless, busy pictures lossy', () => {
  const gradient = (w: number, h: number) => Uint32Array.from({ length: w * h }, (_, i) => 0xff000000 | (i * 2654435761) % 0xffffff);
  it.each([
    { name: 'one colour', px: picture(20, 10), rect: { x: 0, y: 0, width: 20, height: 10 }, want: true },
    { name: 'two colours', px: picture(20, 10, [{ x: 3, y: 3, width: 4, height: 4 }]), rect: { x: 0, y: 0, width: 20, height: 10 }, want: true },
    { name: 'a noisy picture', px: gradient(20, 10), rect: { x: 0, y: 0, width: 20, height: 10 }, want: false },
    { name: 'only the rectangle counts', px: (() => { const p = gradient(20, 10); p.fill(7, 0, 20); return p; })(), rect: { x: 0, y: 0, width: 20, height: 1 }, want: true },
  ])('$name: $want', ({ px, rect, want }) => {
    expect(hasFewColours(px, 20, rect)).toBe(want);
  });
});
