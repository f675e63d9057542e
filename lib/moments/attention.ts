/**
 * Time away from the tab (hidden, or the window not focused). It is not thinking time, so pauses never include it,
 * and it becomes an `away` moment of its own.
 */
import { CUSTOM, customOf, type RawEvent } from './read';

export interface Interval {
  start: number;
  end: number;
  hidden: boolean;
}

/** Shorter absences are focus flicker (a permission bubble, a devtools click), not leaving the work. */
export const MIN_AWAY_MS = 1000;

export function awayIntervals(events: readonly RawEvent[]): Interval[] {
  const out: Interval[] = [];
  const end = events.length > 0 ? (events[events.length - 1]?.t ?? 0) : 0;
  let open: Interval | null = null;
  for (const { t, payload } of customOf(events, CUSTOM.attention)) {
    const visible = payload.visible !== false;
    const present = visible && payload.focused !== false;
    if (!present && !open) open = { start: t, end: t, hidden: !visible };
    else if (!present && open) open.hidden ||= !visible;
    else if (present && open) {
      out.push({ ...open, end: t });
      open = null;
    }
  }
  if (open) out.push({ ...open, end: Math.max(open.start, end) });
  return out;
}

/** The parts of [start, end] spent at the tab, in order. */
export function presentSegments(start: number, end: number, away: readonly Interval[]): { start: number; end: number; endsAway: boolean }[] {
  const out: { start: number; end: number; endsAway: boolean }[] = [];
  let cursor = start;
  for (const a of away) {
    if (a.end <= cursor || a.start >= end) continue;
    if (a.start > cursor) out.push({ start: cursor, end: a.start, endsAway: true });
    cursor = Math.max(cursor, a.end);
  }
  if (cursor < end) out.push({ start: cursor, end, endsAway: false });
  return out;
}

export function wasAway(start: number, end: number, away: readonly Interval[]): boolean {
  return away.some((a) => a.start < end && a.end > start);
}
