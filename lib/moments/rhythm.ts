/**
 * The pause threshold. Writing research separates bursts with pauses of about 2 s; a slow typist's ordinary gaps
 * would all be "pauses" at that figure and a fast typist's real hesitations would be missed, so the threshold
 * scales with the author's median gap between keystrokes in this trace, once there are enough of them to trust.
 */
import { wasAway, type Interval } from './attention';
import type { Step } from './steps';

export const BASE_PAUSE_MS = 2000;
export const MIN_PAUSE_MS = 1500;
export const MAX_PAUSE_MS = 6000;
/** 2 s is about ten times a practised typist's median inter-key interval (about 200 ms). */
const GAPS_PER_PAUSE = 10;
/** Faster than this is key auto-repeat or one keystroke seen twice: not the author's rhythm. */
const AUTO_REPEAT_MS = 45;
/** Gaps this long are pauses themselves; the median ignores them anyway, this keeps the sample honest. */
const MAX_RHYTHM_GAP_MS = 5000;
/** Samples at which the trace's own rhythm gets half the weight. */
const HALF_WEIGHT_SAMPLES = 30;

export function interKeyIntervals(steps: readonly Step[], away: readonly Interval[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < steps.length; i++) {
    const a = steps[i - 1];
    const b = steps[i];
    if (!a || !b || a.kind === 'history' || b.kind === 'history' || a.edit.field.key !== b.edit.field.key) continue;
    const gap = b.t - a.t;
    if (gap < AUTO_REPEAT_MS || gap > MAX_RHYTHM_GAP_MS || wasAway(a.t, b.t, away)) continue;
    gaps.push(gap);
  }
  return gaps;
}

export function pauseThreshold(gaps: readonly number[]): number {
  if (gaps.length === 0) return BASE_PAUSE_MS;
  const sorted = [...gaps].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? (sorted[Math.floor(mid)] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const own = Math.min(MAX_PAUSE_MS, Math.max(MIN_PAUSE_MS, median * GAPS_PER_PAUSE));
  const weight = gaps.length / (gaps.length + HALF_WEIGHT_SAMPLES);
  return Math.round(BASE_PAUSE_MS * (1 - weight) + own * weight);
}
