/**
 * Times in a loaded trace: which snapshot chunk a replay of a time can start from, which page load is on screen,
 * how many events a seek forward adds, which events a paused seek needs, and the player's clock and speeds.
 * Times are rrweb timestamps.
 */
import { EventType } from '../trace-events';

/** What the player knows of a chunk once it is decoded. Times are rrweb timestamps (ms since the epoch). */
export interface ChunkSpan {
  seq: number;
  page: number;
  /** Timestamp of the chunk's first event. */
  startedAt: number;
  endedAt: number;
  /** The chunk holds a full snapshot (the recorder starts such a chunk with the Meta event before it). */
  fullSnapshot: boolean;
  /** Index of the chunk's first event in the trace's event list. */
  firstEvent: number;
  count: number;
}

/**
 * Index of the chunk a replay of time `t` can start from: the last full-snapshot chunk that starts at or before `t`
 * (what a clip checks it begins with; the player itself keeps one Replayer and lets rrweb find the snapshot).
 * Before the first snapshot, the first snapshot chunk (nothing before it can be drawn); -1 if there is none.
 * With `minEvents`, chunks that leave fewer events than that to the end of the trace are passed over (rrweb's
 * Replayer needs at least two events).
 */
export function snapshotChunkAt(chunks: readonly ChunkSpan[], t: number, totalEvents = Infinity, minEvents = 0): number {
  let first = -1;
  let best = -1;
  for (let i = 0; i < chunks.length; i++) {
    const c = chunks[i]!;
    if (!c.fullSnapshot || totalEvents - c.firstEvent < minEvents) continue;
    if (first === -1) first = i;
    if (c.startedAt <= t) best = i;
    else break;
  }
  return best === -1 ? first : best;
}

export interface PageStart {
  page: number;
  startedAt: number;
}

/** Node ids belong to one page load: the page on screen at `t` is the last one that had started by then. */
export function pageAt(pages: readonly PageStart[], t: number): number {
  let page = pages[0]?.page ?? 0;
  for (const p of pages) {
    if (p.startedAt <= t) page = p.page;
    else break;
  }
  return page;
}

/** First index in sorted `times` whose value is above `t` (their length when there is none). */
export function firstAfter(times: readonly number[], t: number): number {
  return partitionPoint(times.length, (i) => times[i]! <= t);
}

/** The first index below `length` where `before(i)` is false; `before` must hold for a prefix and then never. */
function partitionPoint(length: number, before: (i: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * How many events a seek from the view at `from` to the view at `to` adds on top of the page on screen (the view
 * at `t` shows every event stamped at or before `t`), or -1 when the seek is not a plain step forward: it goes
 * back, or a full snapshot lies in between, and the replay starts again from a snapshot.
 * `times` and `snapshots` are the trace's event and full-snapshot timestamps, in order.
 */
export function forwardStep(times: readonly number[], snapshots: readonly number[], from: number, to: number): number {
  if (to < from) return -1;
  if (firstAfter(snapshots, from) !== firstAfter(snapshots, to)) return -1;
  return firstAfter(times, to) - firstAfter(times, from);
}

export function clamp(t: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, t));
}

/** `m:ss` (or `h:mm:ss`) of a duration, for the player's clock. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const s = total % 60;
  const m = Math.floor(total / 60) % 60;
  const h = Math.floor(total / 3600);
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export const SPEEDS = [0.5, 1, 2, 4, 8] as const;

/** The next speed up (+1) or down (-1) from the list, staying within it. */
export function stepSpeed(speed: number, direction: 1 | -1): number {
  const i = SPEEDS.findIndex((s) => s >= speed);
  const at = i === -1 ? SPEEDS.length - 1 : i;
  return SPEEDS[clamp(at + direction, 0, SPEEDS.length - 1)]!;
}

export interface TimedEvent {
  type: number;
  timestamp: number;
}

/**
 * The events a paused seek to `baseline` (rrweb applies those stamped before it) needs: the first (rrweb takes
 * time zero from it), and those from the last Meta event before the baseline (each snapshot follows one; rrweb
 * replays from the last) up to it.
 */
export function eventsUpTo<T extends TimedEvent>(events: T[], baseline: number): T[] {
  const lo = partitionPoint(events.length, (i) => events[i]!.timestamp < baseline);
  let meta = lo - 1;
  while (meta > 0 && events[meta]!.type !== EventType.Meta) meta--;
  if (meta <= 0) return events.slice(0, Math.max(lo, 1));
  return [events[0]!, ...events.slice(meta, lo)];
}

/**
 * The events a seek applies right after `snapshot` (an event of `events`): those after it stamped before
 * `baseline`, as rrweb applies them.
 */
export function eventsAfter<T extends TimedEvent>(events: readonly T[], snapshot: T, baseline: number): T[] {
  let i = partitionPoint(events.length, (k) => events[k]!.timestamp < snapshot.timestamp);
  while (i < events.length && events[i] !== snapshot) i++;
  const out: T[] = [];
  for (i++; i < events.length && events[i]!.timestamp < baseline; i++) out.push(events[i]!);
  return out;
}
