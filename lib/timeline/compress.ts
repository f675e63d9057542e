/**
 * Thinking cues: during playback a long pause is played fast, in at most `CUE_WALL_MS` of wall time, while the
 * player shows "thinking, 14 s", instead of being skipped silently; with "Real time" on it plays at its real
 * length. Time away from the tab is never thinking: it is always played fast, with an "away" cue.
 *
 * Inside a compressed gap the replay runs at one steady speed (the gap's length over its wall time), so the
 * playhead sweeps across it evenly and whatever moved on the page (the pointer, a scroll) still shows, only fast.
 * These functions map between trace time and wall time under that rule; the engine asks `warpAt` each frame.
 */
import type { MomentKind } from '../db/schema';

/** Longest wall time a compressed pause or time away takes, in ms. */
export const CUE_WALL_MS = 1500;

export type GapKind = 'pause' | 'away';

export interface Gap {
  kind: GapKind;
  start: number;
  end: number;
}

export interface CompressOptions {
  /** Play pauses at their real length (time away is still compressed). */
  realTime: boolean;
  maxWallMs?: number;
}

/** Pauses and times away as ordered, non-overlapping gaps (an overlap is given to the earlier gap). */
export function gapsOf(moments: readonly { kind: MomentKind; t: number; duration: number }[]): Gap[] {
  const raw = moments
    .filter((m) => (m.kind === 'pause' || m.kind === 'away') && m.duration > 0)
    .map((m) => ({ kind: m.kind as GapKind, start: m.t, end: m.t + m.duration }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Gap[] = [];
  for (const g of raw) {
    const prev = out[out.length - 1];
    const start = prev ? Math.max(g.start, prev.end) : g.start;
    if (g.end > start) out.push({ ...g, start });
  }
  return out;
}

/** The gap that holds `t` (gaps are half open: a gap's end belongs to what follows it), or null. */
export function gapAt(gaps: readonly Gap[], t: number): Gap | null {
  let lo = 0;
  let hi = gaps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const g = gaps[mid]!;
    if (t < g.start) hi = mid - 1;
    else if (t >= g.end) lo = mid + 1;
    else return g;
  }
  return null;
}

export function isCompressed(gap: Gap, options: CompressOptions): boolean {
  return gap.kind === 'away' || !options.realTime;
}

/** The replay speed inside `gap` when the chosen speed is `speed`: never slower than the chosen speed. */
export function gapSpeed(gap: Gap, speed: number, options: CompressOptions): number {
  if (!isCompressed(gap, options)) return speed;
  const length = gap.end - gap.start;
  const wall = Math.min(length / speed, options.maxWallMs ?? CUE_WALL_MS);
  return wall > 0 ? Math.max(speed, length / wall) : speed;
}

/** What the engine needs at `t`: the speed to play at until `end`, or null where the chosen speed holds. */
export function warpAt(gaps: readonly Gap[], t: number, speed: number, options: CompressOptions): { end: number; speed: number } | null {
  const gap = gapAt(gaps, t);
  if (!gap) return null;
  const s = gapSpeed(gap, speed, options);
  return s > speed ? { end: gap.end, speed: s } : null;
}

/** Wall time, in ms, that playing the trace from `from` to `to` takes. */
export function wallDuration(gaps: readonly Gap[], from: number, to: number, speed: number, options: CompressOptions): number {
  if (to <= from) return 0;
  let wall = 0;
  let t = from;
  for (const g of gaps) {
    if (g.end <= t) continue;
    if (g.start >= to) break;
    if (g.start > t) {
      wall += (g.start - t) / speed;
      t = g.start;
    }
    const until = Math.min(g.end, to);
    wall += (until - t) / gapSpeed(g, speed, options);
    t = until;
  }
  return wall + (to - t) / speed;
}

/** Where the playhead is after `wallMs` of playing from `from` (the inverse of `wallDuration`). */
export function traceTimeAfter(gaps: readonly Gap[], from: number, wallMs: number, speed: number, options: CompressOptions): number {
  let left = Math.max(0, wallMs);
  let t = from;
  for (const g of gaps) {
    if (g.end <= t) continue;
    if (g.start > t) {
      const plain = (g.start - t) / speed;
      if (left <= plain) return t + left * speed;
      left -= plain;
      t = g.start;
    }
    const s = gapSpeed(g, speed, options);
    const inGap = (g.end - t) / s;
    if (left <= inGap) return t + left * s;
    left -= inGap;
    t = g.end;
  }
  return t + left * speed;
}

/** The cue the player shows at `t`: "thinking, 14 s" or "away, 3 min", and how far through it `t` is (0 to 1). */
export function cueAt(gaps: readonly Gap[], t: number): { gap: Gap; progress: number } | null {
  const gap = gapAt(gaps, t);
  if (!gap) return null;
  return { gap, progress: (t - gap.start) / (gap.end - gap.start) };
}
