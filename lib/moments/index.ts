/**
 * Process moments from a trace's rrweb events: pure, so they can be recomputed for an imported trace or when the
 * author's pause threshold changes. See issue 3 for what each moment means to a mentee.
 */
import { awayIntervals } from './attention';
import { abandonedMoments, draftMoments, draftsFrom, type Draft } from './drafts';
import { episodesOf } from './episodes';
import { fieldTimeline } from './fields';
import { countedMarks, historyMoments } from './history';
import { awayMoments, bookmarkMoments, navigationMoments } from './marks';
import { pauseMoments, type Activity } from './pauses';
import { CUSTOM, customOf, historyOf, readEvents, type RawEvent } from './read';
import { interKeyIntervals, pauseThreshold } from './rhythm';
import { classifySteps } from './steps';
import { burstMoments, revisionMoments } from './typing';
import type { DetectOptions, Moment } from './types';

export type { DetectOptions, Moment } from './types';
export type { Draft, DraftVersion } from './drafts';
export type { Field, FieldKind } from './fields';
export { momentSummary } from './summary';
export { BASE_PAUSE_MS, MIN_PAUSE_MS, MAX_PAUSE_MS } from './rhythm';

interface Analysis {
  events: RawEvent[];
  threshold: number;
  drafts: Draft[];
  moments: Moment[];
}

function analyse(input: readonly unknown[], options: DetectOptions = {}): Analysis {
  const events = readEvents(input);
  const away = awayIntervals(events);
  const marks = historyOf(events);
  const timeline = fieldTimeline(events);
  const { steps, effective } = classifySteps(timeline, marks);
  const threshold = options.pauseThresholdMs ?? pauseThreshold(interKeyIntervals(steps, away));
  const navigations = customOf(events, CUSTOM.navigation).map((n) => n.t);
  const episodes = episodesOf(steps, threshold, away, navigations);
  const drafts = draftsFrom(timeline, episodes);
  const counted = countedMarks(marks, effective, timeline);

  const activity: Activity[] = [
    ...steps.filter((s) => s.kind !== 'history').map((s) => ({ t: s.t, what: s.kind as 'insert' | 'delete' | 'replace' })),
    // An undo with nothing to undo is a keypress, not a step in the work.
    ...marks.filter((m) => counted.has(m)).map((m) => ({ t: m.t, what: m.action })),
    ...navigations.map((t) => ({ t, what: 'navigation' as const })),
  ].sort((a, b) => a.t - b.t);

  const moments = [
    ...historyMoments(marks, steps, counted, timeline, Math.max(threshold, 2000)),
    ...pauseMoments(activity, threshold, away),
    ...burstMoments(episodes),
    ...revisionMoments(episodes),
    ...draftMoments(drafts),
    ...abandonedMoments(drafts),
    ...navigationMoments(events),
    ...bookmarkMoments(events),
    ...awayMoments(away),
  ];
  return { events, threshold, drafts, moments: sortMoments(moments) };
}

/** Every process moment in the trace, ordered by time (then kind, then detail, so the order never varies). */
export function detectMoments(events: readonly unknown[], options?: DetectOptions): Moment[] {
  return analyse(events, options).moments;
}

/** Each edited field's versions at burst boundaries, for the draft view. */
export function draftsOf(events: readonly unknown[], options?: DetectOptions): Draft[] {
  return analyse(events, options).drafts;
}

/** The pause threshold this trace's rhythm gives, in ms: stored with the moments so a change can trigger a recompute. */
export function pauseThresholdOf(events: readonly unknown[]): number {
  return analyse(events).threshold;
}

function sortMoments(moments: Moment[]): Moment[] {
  const keyed = moments.map((m) => ({ m, key: `${m.kind}\u0000${JSON.stringify(m.detail)}` }));
  keyed.sort((a, b) => a.m.t - b.m.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.m);
}
