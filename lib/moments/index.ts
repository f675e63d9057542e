/**
 * Process moments from a trace's rrweb events: pure, so they can be recomputed for an imported trace or when the
 * author's pause threshold changes. See issue 3 for what each moment means to a mentee.
 */
import { awayIntervals } from './attention';
import { abandonedMoments } from './abandoned';
import { draftMoments, draftsFrom, type Draft } from './drafts';
import { episodesOf } from './episodes';
import { fieldTimeline } from './fields';
import { countedMarks, historyMoments } from './history';
import { awayMoments, bookmarkMoments, navigationMoments } from './marks';
import { pauseMoments, type Activity } from './pauses';
import { CUSTOM, customOf, historyOf, readEvents } from './read';
import { BASE_PAUSE_MS, interKeyIntervals, pauseThreshold } from './rhythm';
import { classifySteps } from './steps';
import { burstMoments, revisionMoments } from './typing';
import type { DetectOptions, Moment } from './types';

export type { DetectOptions, Moment } from './types';
export type { Draft, DraftVersion } from './drafts';
export type { Field, FieldKind } from './fields';
export { momentSummary } from './summary';
export { BASE_PAUSE_MS, MIN_PAUSE_MS, MAX_PAUSE_MS } from './rhythm';

export interface Analysis {
  /** The pause threshold used, in ms: stored with the moments so that a change can trigger a recompute. */
  threshold: number;
  drafts: Draft[];
  moments: Moment[];
}

/** Moments, drafts and threshold from one pass, for callers that need more than one of them. */
export function analyseTrace(input: readonly unknown[], options: DetectOptions = {}): Analysis {
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
    ...steps.flatMap((s) => (s.kind === 'history' ? [] : [{ t: s.t, what: s.kind }])),
    // An undo with nothing to undo is a keypress, not a step in the work.
    ...marks.filter((m) => counted.has(m)).map((m) => ({ t: m.t, what: m.action })),
    ...navigations.map((t) => ({ t, what: 'navigation' as const })),
  ].sort((a, b) => a.t - b.t);

  const moments = [
    // Undos a hesitation apart are still one run: the author is stepping back to a point, not thinking anew.
    ...historyMoments(marks, steps, counted, timeline, Math.max(threshold, BASE_PAUSE_MS)),
    ...pauseMoments(activity, threshold, away),
    ...burstMoments(episodes),
    ...revisionMoments(episodes),
    ...draftMoments(drafts),
    ...abandonedMoments(steps),
    ...navigationMoments(events),
    ...bookmarkMoments(events),
    ...awayMoments(away),
  ];
  return { threshold, drafts, moments: sortMoments(moments) };
}

/** Every process moment in the trace, ordered by time (then kind, then detail, so the order never varies). */
export function detectMoments(events: readonly unknown[], options?: DetectOptions): Moment[] {
  return analyseTrace(events, options).moments;
}

/** Each edited field's versions at burst boundaries, for the draft view. */
export function draftsOf(events: readonly unknown[], options?: DetectOptions): Draft[] {
  return analyseTrace(events, options).drafts;
}

/** The pause threshold this trace's rhythm gives, in ms. */
export function pauseThresholdOf(events: readonly unknown[]): number {
  return analyseTrace(events).threshold;
}

function sortMoments(moments: Moment[]): Moment[] {
  const keyed = moments.map((m) => ({ m, key: `${m.kind}\u0000${JSON.stringify(m.detail)}` }));
  keyed.sort((a, b) => a.m.t - b.m.t || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.m);
}
