/**
 * Pauses: time at the tab with no writing, longer than the threshold. Time away splits a gap: only the parts
 * spent at the tab can be thinking, and each is judged on its own.
 */
import { presentSegments, type Interval } from './attention';
import type { Moment } from './types';

export type Activity =
  | { t: number; what: 'insert' | 'delete' | 'replace' }
  | { t: number; what: 'undo' | 'redo' }
  | { t: number; what: 'navigation' };

export type After = 'burst' | 'revision' | 'navigation' | 'away';

export function pauseMoments(activity: readonly Activity[], threshold: number, away: readonly Interval[]): Moment[] {
  const out: Moment[] = [];
  // Time before the first writing is reading the page, not a pause in the writing.
  const firstWriting = activity.findIndex((a) => a.what !== 'navigation');
  if (firstWriting < 0) return out;
  for (let i = firstWriting + 1; i < activity.length; i++) {
    const prev = activity[i - 1];
    const next = activity[i];
    if (!prev || !next || next.t - prev.t <= threshold) continue;
    for (const seg of presentSegments(prev.t, next.t, away)) {
      const length = seg.end - seg.start;
      if (length <= threshold) continue;
      const after: After = seg.endsAway ? 'away' : afterOf(next.what);
      const detail: Record<string, unknown> = { after, threshold };
      if (!seg.endsAway && (next.what === 'undo' || next.what === 'redo')) detail.via = next.what;
      out.push({ kind: 'pause', t: seg.start, duration: length, detail });
    }
  }
  return out;
}

function afterOf(what: Activity['what']): After {
  if (what === 'insert') return 'burst';
  if (what === 'navigation') return 'navigation';
  return 'revision';
}
