/** The one line a trace shows in the library: moments counted, never keypresses. */
import type { MomentKind } from '../db/schema';
import type { Moment } from './types';

/** Most telling first; bursts and drafts are the fabric of any trace, so they come last. */
const ORDER: readonly [MomentKind, string, string][] = [
  ['undo', 'undo', 'undos'],
  ['redo', 'redo', 'redos'],
  ['revision', 'revision', 'revisions'],
  ['pause', 'pause', 'pauses'],
  ['abandoned', 'abandoned draft', 'abandoned drafts'],
  ['navigation', 'page', 'pages'],
  ['bookmark', 'bookmark', 'bookmarks'],
  ['note', 'note', 'notes'],
  ['away', 'time away', 'times away'],
  ['burst', 'burst', 'bursts'],
  ['draft', 'draft', 'drafts'],
];

export function momentSummary(moments: readonly Pick<Moment, 'kind'>[]): string {
  const counts = new Map<MomentKind, number>();
  for (const m of moments) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const parts = ORDER.flatMap(([kind, one, many]) => {
    const n = counts.get(kind) ?? 0;
    return n === 0 ? [] : [`${n} ${n === 1 ? one : many}`];
  });
  return parts.length === 0 ? 'No process moments yet' : parts.join(', ');
}
