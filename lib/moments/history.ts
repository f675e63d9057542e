/**
 * Undo and redo moments from the recorder's history events. A run of the same action is one moment with a count.
 * On a text field, an undo that changed nothing (nothing left to undo) is no moment; elsewhere (a canvas tool)
 * the trace cannot tell, so every undo counts.
 */
import type { FieldTimeline } from './fields';
import type { HistoryMark } from './read';
import type { Step } from './steps';
import type { Moment } from './types';

/** The history events that did something, as far as the trace can tell. */
export function countedMarks(marks: readonly HistoryMark[], effective: ReadonlySet<HistoryMark>, timeline: FieldTimeline): Set<HistoryMark> {
  return new Set(marks.filter((m) => timeline.fieldOfMark(m) === null || effective.has(m)));
}

export function historyMoments(
  marks: readonly HistoryMark[],
  steps: readonly Step[],
  counted: ReadonlySet<HistoryMark>,
  timeline: FieldTimeline,
  runGapMs: number,
): Moment[] {
  const out: Moment[] = [];
  const typedAt = steps.filter((s) => s.kind !== 'history').map((s) => s.t);
  const sorted = [...marks].sort((a, b) => a.t - b.t);
  let group: HistoryMark[] = [];
  const close = () => {
    const count = group.filter((m) => counted.has(m)).length;
    const first = group[0];
    const last = group[group.length - 1];
    if (first && last && count > 0) {
      out.push({
        kind: first.action,
        t: first.t,
        duration: last.t - first.t,
        detail: { count, field: timeline.fieldOfMark(first)?.key ?? null, sources: [...new Set(group.map((m) => m.source))] },
      });
    }
    group = [];
  };
  for (const m of sorted) {
    const prev = group[group.length - 1];
    const typedBetween = prev !== undefined && typedAt.some((t) => t > prev.t && t < m.t);
    if (prev && (prev.action !== m.action || m.t - prev.t > runGapMs || typedBetween)) close();
    group.push(m);
  }
  close();
  return out;
}
