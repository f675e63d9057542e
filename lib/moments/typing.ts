/** Burst and revision moments from episodes. */
import { changeBetween, contentLength } from './diff';
import type { Episode } from './episodes';
import { clip, type Moment } from './types';

/** A burst is writing, not a stray keystroke: fewer characters than this are left to the draft view. */
export const MIN_BURST_CHARS = 3;
/** One edit adding this much at once is a paste, an autocomplete, an input method's commit or a dictation: `atOnce` counts those characters. */
const BULK_CHARS = 4;

export function burstMoments(episodes: readonly Episode[]): Moment[] {
  const out: Moment[] = [];
  episodes.forEach((ep, i) => {
    if (ep.kind !== 'burst') return;
    const last = ep.steps[ep.steps.length - 1];
    // Typing over a selection: the character that replaced it is the burst's first, as the author saw it.
    const prev = episodes[i - 1];
    const overwrite = prev?.kind === 'replace' && prev.fieldKey === ep.fieldKey && prev.endedBy === 'revision' ? prev : null;
    const first = (overwrite ?? ep).steps[0];
    if (!first || !last) return;
    const start = overwrite?.start ?? ep.start;
    const { added } = changeBetween(first.edit.before, last.edit.after);
    const chars = ep.steps.reduce((n, s) => n + s.edit.added.length - s.edit.removed.length, overwrite ? first.edit.added.length : 0);
    if (contentLength(added) < MIN_BURST_CHARS && chars < MIN_BURST_CHARS) return;
    const atOnce = ep.steps.filter((s) => s.edit.added.length >= BULK_CHARS).reduce((n, s) => n + s.edit.added.length, 0);
    out.push({
      kind: 'burst',
      t: start,
      duration: ep.end - start,
      detail: { field: ep.fieldKey, chars, text: clip(added), keystrokes: ep.steps.length + (overwrite ? 1 : 0), atOnce, endedBy: ep.endedBy },
    });
  });
  return out;
}

export function revisionMoments(episodes: readonly Episode[]): Moment[] {
  const out: Moment[] = [];
  for (const ep of episodes) {
    if (ep.kind !== 'delete' && ep.kind !== 'replace') continue;
    const first = ep.steps[0];
    const last = ep.steps[ep.steps.length - 1];
    if (!first || !last) continue;
    const change = changeBetween(first.edit.before, last.edit.after);
    out.push({
      kind: 'revision',
      t: ep.start,
      duration: ep.end - ep.start,
      detail: {
        field: ep.fieldKey,
        how: ep.kind,
        at: change.at,
        removed: clip(change.removed),
        added: clip(change.added),
        keystrokes: ep.steps.length,
      },
    });
  }
  return out;
}
