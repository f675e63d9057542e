/**
 * Drafts: each field's versions at burst boundaries, with what each version removed and added.
 */
import { changeBetween } from './diff';
import type { Episode } from './episodes';
import type { Field, FieldTimeline } from './fields';
import type { Moment } from './types';

export interface DraftVersion {
  /** When this version was reached (the end of the burst, revision or undo that made it). */
  t: number;
  /** When the work that made it began. */
  start: number;
  text: string;
  at: number;
  removed: string;
  added: string;
}

export interface Draft {
  field: Field;
  /** The first is the field as it was found (often empty), then one per burst boundary where the text changed. */
  versions: DraftVersion[];
}

export function draftsFrom(timeline: FieldTimeline, episodes: readonly Episode[]): Draft[] {
  const drafts = new Map<string, Draft>();
  for (const ep of episodes) {
    const last = ep.steps[ep.steps.length - 1];
    if (!last) continue;
    let draft = drafts.get(ep.fieldKey);
    if (!draft) {
      const base = timeline.baselines.get(ep.fieldKey);
      const start = base?.t ?? ep.start;
      const text = base?.text ?? ep.steps[0]?.edit.before ?? '';
      draft = { field: last.edit.field, versions: [{ t: start, start, text, at: 0, removed: '', added: '' }] };
      drafts.set(ep.fieldKey, draft);
    }
    const prev = draft.versions[draft.versions.length - 1];
    const text = last.edit.after;
    if (!prev || prev.text === text) continue;
    draft.versions.push({ t: ep.end, start: ep.start, text, ...changeBetween(prev.text, text) });
  }
  return [...drafts.values()].filter((d) => d.versions.length > 1);
}

export function draftMoments(drafts: readonly Draft[]): Moment[] {
  return drafts.map((d) => {
    const first = d.versions[1] ?? d.versions[0];
    const last = d.versions[d.versions.length - 1];
    const start = first?.start ?? 0;
    return {
      kind: 'draft' as const,
      t: start,
      duration: (last?.t ?? start) - start,
      detail: {
        field: d.field.key,
        fieldKind: d.field.kind,
        versions: d.versions.length - 1,
        chars: last?.text.length ?? 0,
      },
    };
  });
}
