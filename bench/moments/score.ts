/** Precision and recall of detected moments against what a scripted session truly did. */

export type ScoredKind = 'undo' | 'redo' | 'pause' | 'revision' | 'abandoned';
export const SCORED_KINDS: ScoredKind[] = ['undo', 'redo', 'pause', 'revision', 'abandoned'];

export interface Truth {
  kind: ScoredKind;
  /** When it happened (ms since the epoch, the same clock as the page's event timestamps). */
  t: number;
  count?: number;
  /** Near a threshold either answer is right: matched predictions are not false, and a miss is not a miss. */
  optional?: boolean;
}

export interface Predicted {
  kind: string;
  t: number;
  duration: number;
  detail: Record<string, unknown>;
}

export interface KindScore {
  tp: number;
  fp: number;
  fn: number;
  countRight: number;
}

export const TOLERANCE_MS = 1200;

/** Where a moment sits on the clock for matching: an abandoned attempt is dated by its removal. */
function anchor(m: Predicted): number {
  return m.kind === 'abandoned' ? m.t + m.duration : m.t;
}

export function score(truths: readonly Truth[], predicted: readonly Predicted[]): Record<ScoredKind, KindScore> {
  const result = {} as Record<ScoredKind, KindScore>;
  for (const kind of SCORED_KINDS) {
    const wanted = truths.filter((t) => t.kind === kind).sort((a, b) => a.t - b.t);
    const found = predicted.filter((p) => p.kind === kind).sort((a, b) => anchor(a) - anchor(b));
    const used = new Set<number>();
    const s: KindScore = { tp: 0, fp: 0, fn: 0, countRight: 0 };
    for (const truth of wanted) {
      let best = -1;
      for (let i = 0; i < found.length; i++) {
        if (used.has(i)) continue;
        const gap = Math.abs(anchor(found[i]!) - truth.t);
        if (gap <= TOLERANCE_MS && (best < 0 || gap < Math.abs(anchor(found[best]!) - truth.t))) best = i;
      }
      if (best >= 0) {
        used.add(best);
        if (!truth.optional) s.tp++;
        if (truth.count !== undefined && found[best]!.detail.count === truth.count) s.countRight++;
      } else if (!truth.optional) s.fn++;
    }
    s.fp = found.length - used.size;
    result[kind] = s;
  }
  return result;
}

export function precision(s: KindScore): number {
  return s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
}

export function recall(s: KindScore): number {
  return s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
}
