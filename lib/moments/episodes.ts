/**
 * Steps grouped into what a writer does in one go: a burst of writing, a run of deleting, a replacement, an undo.
 * Research bursts end in a pause or in a revision; here also in a switch of field, time away, or navigation.
 */
import { wasAway, type Interval } from './attention';
import type { Step } from './steps';

export type EpisodeKind = 'burst' | 'delete' | 'replace' | 'history';
export type EndedBy = 'pause' | 'revision' | 'undo' | 'redo' | 'field' | 'away' | 'navigation' | 'end';

export interface Episode {
  kind: EpisodeKind;
  fieldKey: string;
  steps: Step[];
  start: number;
  end: number;
  endedBy: EndedBy;
}

export function episodesOf(steps: readonly Step[], threshold: number, away: readonly Interval[], navigations: readonly number[]): Episode[] {
  const out: Episode[] = [];
  let current: Episode | null = null;
  const navBetween = (a: number, b: number) => navigations.some((t) => t > a && t <= b);

  for (const step of steps) {
    const kind: EpisodeKind = step.kind === 'insert' ? 'burst' : step.kind;
    if (current) {
      const last = current.end;
      const sameRun =
        kind === current.kind &&
        (kind === 'burst' || kind === 'delete') &&
        step.edit.field.key === current.fieldKey &&
        step.t - last <= threshold &&
        !wasAway(last, step.t, away) &&
        !navBetween(last, step.t);
      if (sameRun) {
        current.steps.push(step);
        current.end = step.t;
        continue;
      }
      current.endedBy = endedBy(current, step, kind, threshold, away, navBetween);
      out.push(current);
    }
    current = { kind, fieldKey: step.edit.field.key, steps: [step], start: step.t, end: step.t, endedBy: 'end' };
  }
  if (current) out.push(current);
  return out;
}

function endedBy(
  current: Episode,
  next: Step,
  nextKind: EpisodeKind,
  threshold: number,
  away: readonly Interval[],
  navBetween: (a: number, b: number) => boolean,
): EndedBy {
  if (navBetween(current.end, next.t)) return 'navigation';
  if (wasAway(current.end, next.t, away)) return 'away';
  if (next.t - current.end > threshold) return 'pause';
  if (next.edit.field.key !== current.fieldKey) return 'field';
  if (nextKind === 'history') return next.mark?.action ?? 'undo';
  return 'revision';
}
