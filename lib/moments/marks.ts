/** Moments the recorder marks directly: navigation, the author's bookmarks, and time away. */
import { MIN_AWAY_MS, type Interval } from './attention';
import { CUSTOM, customOf, str, type RawEvent } from './read';
import type { Moment } from './types';

export function navigationMoments(events: readonly RawEvent[]): Moment[] {
  return customOf(events, CUSTOM.navigation).flatMap(({ t, payload }) => {
    const url = str(payload.url);
    if (url === null) return [];
    return [{ kind: 'navigation' as const, t, duration: 0, detail: { url, how: str(payload.kind) ?? 'load' } }];
  });
}

export function bookmarkMoments(events: readonly RawEvent[]): Moment[] {
  return customOf(events, CUSTOM.bookmark).map(({ t, payload }) => ({
    kind: 'bookmark' as const,
    t,
    duration: 0,
    detail: { word: (str(payload.word) ?? '').slice(0, 100) },
  }));
}

export function awayMoments(away: readonly Interval[]): Moment[] {
  return away
    .filter((a) => a.end - a.start >= MIN_AWAY_MS)
    .map((a) => ({ kind: 'away' as const, t: a.start, duration: a.end - a.start, detail: { hidden: a.hidden } }));
}
