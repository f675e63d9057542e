/**
 * Words for process moments, as the moment list, the scrubber's tooltips and screen readers say them:
 * "Pause, 4 s, before a revision at 0:12". Pure, so the wording is tested as a table.
 */
import type { MomentKind } from '../db/schema';
import { formatClock } from '../replay/timeline';

/** What a label needs of a moment (a stored MomentRow or a freshly detected Moment). */
export interface MomentLike {
  t: number;
  kind: MomentKind;
  duration: number;
  detail: Record<string, unknown>;
}

export interface MomentLabel {
  /** The visible line: "Pause, 4 s". */
  title: string;
  /** What makes it telling, if anything: "before a revision". */
  detail: string;
  /** Position in the trace: "0:12". */
  clock: string;
  /** The accessible name of the moment's button: "Pause, 4 s, before a revision at 0:12". */
  name: string;
}

/** Kinds in the words of the legend. */
export const KIND_NAMES: Record<MomentKind, string> = {
  draft: 'Draft',
  revision: 'Revision',
  undo: 'Undo',
  redo: 'Redo',
  pause: 'Pause',
  away: 'Away',
  burst: 'Burst',
  abandoned: 'Abandoned draft',
  navigation: 'Page',
  bookmark: 'Bookmark',
  note: 'Note',
};

/** Kinds drawn as spans behind the scrubber rather than as points: the fabric of the work, not stops in it. */
export const SPAN_KINDS: ReadonlySet<MomentKind> = new Set(['burst', 'pause', 'away']);

/**
 * Moments a mentee steps through with the previous/next keys and sees in the list: everything but bursts,
 * which are the writing between the moments (each pause already says what came after it).
 */
export function isListed(kind: MomentKind): boolean {
  return kind !== 'burst';
}

/** "4 s", "1 min 20 s", "2 h 5 min": a length as people say it. */
export function formatLength(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
  return m % 60 === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** Quoted text for a label, on one line and short. */
export function quote(text: unknown, max = 32): string {
  const s = typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
  if (s === '') return '';
  if (s.length <= max) return `“${s}”`;
  // Cut at a word's end where one is near, so that the quote never ends mid-word.
  let cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max / 2 && /\S/.test(s[max - 1] ?? ' ')) cut = cut.slice(0, space);
  return `“${cut.trimEnd()}…”`;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const AFTER: Record<string, string> = {
  burst: 'before more writing',
  revision: 'before a revision',
  navigation: 'before a page change',
  away: 'before stepping away',
};

const FIELD_KINDS: Record<string, string> = {
  input: 'a text box',
  textarea: 'a text area',
  contenteditable: 'a rich text field',
  codemirror: 'a code editor',
  monaco: 'a code editor',
};

function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}${u.hash}` || '/';
  } catch {
    return url;
  }
}

function titleAndDetail(m: MomentLike): [string, string] {
  const d = m.detail ?? {};
  switch (m.kind) {
    case 'pause': {
      const via = str(d.via);
      const after = via === 'undo' ? 'before an undo' : via === 'redo' ? 'before a redo' : (AFTER[str(d.after) ?? ''] ?? '');
      return [`Pause, ${formatLength(m.duration)}`, after];
    }
    case 'away':
      return [`Away, ${formatLength(m.duration)}`, d.hidden === true ? 'tab hidden' : 'window in the background'];
    case 'undo':
    case 'redo': {
      const count = num(d.count) ?? 1;
      const word = m.kind === 'undo' ? 'Undo' : 'Redo';
      return [count > 1 ? `${count} ${m.kind}s` : word, ''];
    }
    case 'revision': {
      const removed = quote(d.removed);
      const added = quote(d.added);
      if (removed && added) return ['Revision', `${removed} → ${added}`];
      if (removed) return ['Revision', `deleted ${removed}`];
      if (added) return ['Revision', `inserted ${added}`];
      return ['Revision', ''];
    }
    case 'abandoned': {
      const chars = num(d.chars);
      const text = quote(d.text);
      const size = chars === null ? '' : `${chars} character${chars === 1 ? '' : 's'}`;
      return ['Abandoned draft', [text, size].filter(Boolean).join(', ')];
    }
    case 'draft': {
      const versions = num(d.versions) ?? 0;
      const field = FIELD_KINDS[str(d.fieldKind) ?? ''] ?? 'a field';
      return [`Draft, ${versions} version${versions === 1 ? '' : 's'}`, `in ${field}`];
    }
    case 'burst': {
      const chars = num(d.chars);
      return [`Burst${chars === null ? '' : `, ${chars} character${chars === 1 ? '' : 's'}`}`, quote(d.text)];
    }
    case 'navigation': {
      const url = str(d.url);
      const how = str(d.how) ?? 'load';
      return [how === 'load' ? 'Page load' : 'Page change', url ? pathOf(url) : ''];
    }
    case 'bookmark':
      return ['Bookmark', quote(d.word)];
    case 'note':
      return ['Note', quote(d.text ?? d.note)];
    default:
      return [String(m.kind), ''];
  }
}

/** The moment's words; `start` is the trace's first timestamp, from which its clock counts. */
export function momentLabel(m: MomentLike, start: number): MomentLabel {
  const [title, detail] = titleAndDetail(m);
  const clock = formatClock(m.t - start);
  return { title, detail, clock, name: `${title}${detail ? `, ${detail}` : ''} at ${clock}` };
}
