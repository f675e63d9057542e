/**
 * Each edit classified as the author would see it: writing, deleting, replacing, or the echo of an undo or redo.
 * The echo matters: an undo changes the text, but it is not a revision typed by hand.
 */
import { isCompletion } from './diff';
import type { Edit, FieldTimeline } from './fields';
import type { HistoryMark } from './read';

export type StepKind = 'insert' | 'delete' | 'replace' | 'history';

export interface Step {
  t: number;
  kind: StepKind;
  edit: Edit;
  /** For history steps: the mark that caused it. */
  mark?: HistoryMark;
}

/** A history event's text change follows it within a frame or two; 300 ms leaves room for slow editors. */
export const HISTORY_ECHO_MS = 300;

export function classifySteps(timeline: FieldTimeline, marks: readonly HistoryMark[]): { steps: Step[]; effective: Set<HistoryMark> } {
  const claimed = new Map<Edit, HistoryMark>();
  const effective = new Set<HistoryMark>();
  const edits = timeline.edits;
  for (const mark of marks) {
    const field = timeline.fieldOfMark(mark);
    let echo: Edit | undefined;
    for (let i = firstAtOrAfter(edits, mark.t); i < edits.length; i++) {
      const e = edits[i];
      if (!e || e.t - mark.t > HISTORY_ECHO_MS) break;
      if (!claimed.has(e) && (!field || field.key === e.field.key)) {
        echo = e;
        break;
      }
    }
    if (echo) {
      claimed.set(echo, mark);
      effective.add(mark);
    }
  }
  const steps = timeline.edits.map((edit): Step => {
    const mark = claimed.get(edit);
    if (mark) return { t: edit.t, kind: 'history', edit, mark };
    const kind = edit.removed === '' || isCompletion(edit) ? 'insert' : edit.added === '' ? 'delete' : 'replace';
    return { t: edit.t, kind, edit };
  });
  return { steps, effective };
}

/** Edits are in time order: binary search for the first at or after t. */
function firstAtOrAfter(edits: readonly Edit[], t: number): number {
  let lo = 0;
  let hi = edits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edits[mid]?.t ?? Infinity) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
