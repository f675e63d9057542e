/**
 * Abandoned attempts: text the author wrote and later removed entirely (deleted, written over, or undone).
 * Each stretch of writing is followed as a span through later edits; a span that shrinks to nothing was
 * abandoned. A revision that removes only part of a span is a revision, not an abandonment.
 */
import { contentLength } from './diff';
import type { Step } from './steps';
import { clip, type Moment } from './types';

/** More than a typo: this much written content, or anything in a field that is left empty. */
export const MIN_ABANDONED_CHARS = 8;
const MIN_ABANDONED_CHARS_EMPTY_FIELD = 3;

interface Span {
  start: number;
  end: number;
  created: number;
  peak: string;
}

interface Candidate {
  moment: Moment;
  /** The peaks of the spans it gave up; a redo that brings them all back cancels it. */
  texts: string[];
}

/**
 * Where a span lands after one change. Text inserted exactly at a span's edge is not the span's; a span the
 * change removes entirely collapses, even when something else is written in its place.
 */
function moveSpan(span: Span, at: number, removed: number, added: number): void {
  const cut = at + removed;
  const start = span.start < at ? span.start : span.start >= cut ? span.start - removed + added : at + added;
  const end = span.end <= at ? span.end : span.end > cut ? span.end - removed + added : at;
  span.start = start;
  span.end = Math.max(start, end);
}

export function abandonedMoments(steps: readonly Step[]): Moment[] {
  const byField = new Map<string, Step[]>();
  for (const s of steps) {
    const list = byField.get(s.edit.field.key);
    if (list) list.push(s);
    else byField.set(s.edit.field.key, [s]);
  }
  const out: Moment[] = [];
  for (const fieldSteps of byField.values()) out.push(...abandonedInField(fieldSteps));
  return out;
}

function abandonedInField(steps: readonly Step[]): Moment[] {
  let spans: Span[] = [];
  // The span the author is writing right now: new writing at its end extends it, across pauses.
  let writing: Span | null = null;
  const candidates: Candidate[] = [];
  for (const step of steps) {
    const { at, removed, added, after, field } = step.edit;
    const typed = step.kind !== 'history';
    if (step.kind === 'history' && step.mark?.action === 'redo') {
      // A redo that brings an attempt back means it was not abandoned after all.
      for (let i = candidates.length - 1; i >= 0; i--) {
        const c = candidates[i];
        if (c && c.texts.every((t) => added.includes(t))) candidates.splice(i, 1);
      }
    }
    const extends_ = typed && removed === '' && writing !== null && writing.end === at;
    for (const span of spans) moveSpan(span, at, removed.length, added.length);
    if (removed !== '' || !typed) writing = null;
    if (extends_ && writing) writing.end += added.length;
    else if (typed && added !== '' && !spans.some((s) => s.start < at && s.end >= at + added.length)) {
      writing = { start: at, end: at + added.length, created: step.t, peak: '' };
      spans.push(writing);
    }
    const kept: Span[] = [];
    const collapsed: Span[] = [];
    for (const span of spans) {
      if (span.end > span.start) {
        // Only a span that grew can have a new peak; slicing every span on every keystroke is quadratic.
        if (span.end - span.start > span.peak.length) span.peak = after.slice(span.start, span.end);
        kept.push(span);
      } else collapsed.push(span);
    }
    spans = kept;
    // Everything one change wipes out is one abandoned attempt, however many stretches of writing it held.
    const emptied = contentLength(after) === 0;
    const texts = collapsed.map((span) => span.peak);
    const text = texts.join('');
    if (collapsed.length === 0 || contentLength(text) < (emptied ? MIN_ABANDONED_CHARS_EMPTY_FIELD : MIN_ABANDONED_CHARS)) {
      continue;
    }
    const created = Math.min(...collapsed.map((span) => span.created));
    candidates.push({
      texts,
      moment: {
        kind: 'abandoned',
        t: created,
        duration: step.t - created,
        detail: {
          field: field.key,
          fieldKind: field.kind,
          text: clip(text),
          chars: text.length,
          wholeField: emptied,
          by: step.kind === 'history' ? (step.mark?.action ?? 'undo') : step.kind,
        },
      },
    });
  }
  return candidates.map((c) => c.moment);
}
