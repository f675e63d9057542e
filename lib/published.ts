/**
 * The extension's side of publishing (issue 5), as pure functions: what a clip row stores, the "why?" prompts the
 * clip editor proposes, turning a decoded bundle into something the replay engine plays, the badge's count, and
 * the small message protocol between extension pages and the background (which does the share service's network:
 * the side panel's content security policy lets it connect nowhere, on purpose, since replays render there).
 */
import type { eventWithTime } from 'rrweb';
import type { Bundle } from './bundle';
import type { ClipRow } from './db/schema';
import { redactionsFromClipRow, type Redaction, type RedactionMode } from './redact';
import { CanvasFrameIndex } from './replay/canvas-frames';
import type { LoadedTrace } from './replay/load';
import type { ChunkSpan, PageStart } from './replay/timeline';
import { parseTraceLink, type TraceLink } from './share-link';
import { CUSTOM, EventType, type CanvasFramePayload } from './trace-events';

// ---------------------------------------------------------------------------------------------------------------
// Clip rows

/** A redaction as a clip row keeps it: node ids as `rrweb-id:<n>` (lib/redact), and the picked element's size. */
export interface StoredRedaction {
  selector: string;
  mode: RedactionMode;
  /** Border-box size when picked, so a hidden element's placeholder keeps the layout (hide only). */
  size?: { width: number; height: number };
}

/**
 * ClipRow as this feature writes it. `title` and `redactions[].size` are not in lib/db/schema.ts yet (Dexie keeps
 * them anyway, as no index uses them); see the report of issue 5 for the schema change.
 */
export type ClipRecord = Omit<ClipRow, 'redactions'> & { redactions: StoredRedaction[]; title?: string };

/** The redactions to give `clipEvents`, sizes included (lib/redact's `redactionsFromClipRow` drops them). */
export function redactionsOf(rows: readonly StoredRedaction[]): Redaction[] {
  return redactionsFromClipRow(rows).map((r, i) => {
    const size = rows[i]!.size;
    return r.mode === 'hide' && size && size.width > 0 && size.height > 0 ? { ...r, size } : r;
  });
}

/** Adds a redaction, replacing one with the same target (the latest mode wins). */
export function withRedaction(list: readonly StoredRedaction[], next: StoredRedaction): StoredRedaction[] {
  return [...list.filter((r) => r.selector !== next.selector), next];
}

// ---------------------------------------------------------------------------------------------------------------
// The range

export interface Range {
  start: number;
  end: number;
}

/** In at the playhead; an end at or before it moves to the trace's end. */
export function setRangeStart(range: Range, t: number, bounds: Range): Range {
  const start = Math.min(Math.max(t, bounds.start), bounds.end);
  return { start, end: range.end > start ? range.end : bounds.end };
}

/** Out at the playhead; a start at or after it moves to the trace's start. */
export function setRangeEnd(range: Range, t: number, bounds: Range): Range {
  const end = Math.min(Math.max(t, bounds.start), bounds.end);
  return { start: range.start < end ? range.start : bounds.start, end };
}

// ---------------------------------------------------------------------------------------------------------------
// "Why?" prompts

export interface MomentLike {
  t: number;
  kind: string;
  duration: number;
}

export interface WhyPrompt {
  /** Same clock as the moments given. */
  t: number;
  kind: 'pause' | 'undo' | 'abandoned';
  question: string;
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/**
 * What the author is asked to explain inside the range: the biggest pauses (at most `maxPauses`, longest first),
 * every undo and every abandoned draft, at most `max` in all, in time order. Moments already explained by a note
 * within `nearMs` are left out.
 */
export function whyPrompts(
  moments: readonly MomentLike[],
  range: Range,
  { maxPauses = 3, max = 8, notes = [] as readonly { t: number }[], nearMs = 1000 } = {},
): WhyPrompt[] {
  const explained = (t: number) => notes.some((n) => Math.abs(n.t - t) <= nearMs);
  const inside = moments.filter((m) => Number.isFinite(m.t) && m.t >= range.start && m.t <= range.end && !explained(m.t));
  const pauses = inside
    .filter((m) => m.kind === 'pause')
    .sort((a, b) => b.duration - a.duration || a.t - b.t)
    .slice(0, maxPauses)
    .map((m): WhyPrompt => ({ t: m.t, kind: 'pause', question: `Why the ${seconds(m.duration)} pause here?` }));
  const undos = inside
    .filter((m) => m.kind === 'undo')
    .map((m): WhyPrompt => ({ t: m.t, kind: 'undo', question: 'Why undo this?' }));
  const abandoned = inside
    .filter((m) => m.kind === 'abandoned')
    .map((m): WhyPrompt => ({ t: m.t, kind: 'abandoned', question: 'Why was this draft abandoned?' }));
  // Pauses first when there are too many: they are the ones chosen by size.
  return [...pauses, ...abandoned, ...undos]
    .slice(0, max)
    .sort((a, b) => a.t - b.t);
}

// ---------------------------------------------------------------------------------------------------------------
// A decoded bundle, as the replay engine wants it

/**
 * The replay engine plays a LoadedTrace: one "chunk" per full snapshot (each begins at the Meta event before it,
 * as the recorder's chunks do), one page per Meta event, canvas frames indexed. Bundle times start at 0.
 */
export function loadedTraceFromBundle(bundle: Pick<Bundle, 'events' | 'title' | 'duration'>, traceId = 'bundle'): LoadedTrace {
  const events = bundle.events as unknown as eventWithTime[];
  const starts: number[] = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.type !== EventType.FullSnapshot) continue;
    const metaBefore = i > 0 && events[i - 1]!.type === EventType.Meta ? i - 1 : i;
    if (starts.at(-1) !== metaBefore) starts.push(metaBefore);
  }
  if (starts[0] !== 0) starts.unshift(0);
  const chunks: ChunkSpan[] = [];
  const pages: PageStart[] = [];
  const frames = new CanvasFrameIndex();
  let page = -1;
  for (let c = 0; c < starts.length; c++) {
    const first = starts[c]!;
    const last = (starts[c + 1] ?? events.length) - 1;
    if (last < first) continue;
    let fullSnapshot = false;
    for (let i = first; i <= last; i++) {
      const e = events[i]!;
      if (e.type === EventType.Meta || (page < 0 && i === first)) {
        page++;
        pages.push({ page, startedAt: e.timestamp });
      }
      if (e.type === EventType.FullSnapshot) fullSnapshot = true;
      const data = e.data as { tag?: string; payload?: unknown };
      if (e.type === EventType.Custom && data.tag === CUSTOM.canvasFrame) {
        frames.add({ ...(data.payload as CanvasFramePayload), t: e.timestamp, page: Math.max(0, page) });
      }
    }
    chunks.push({
      seq: c,
      page: Math.max(0, page),
      startedAt: events[first]!.timestamp,
      endedAt: events[last]!.timestamp,
      fullSnapshot,
      firstEvent: first,
      count: last - first + 1,
    });
  }
  const lastEvent = events.at(-1)?.timestamp ?? 0;
  return {
    traceId,
    title: bundle.title,
    events,
    chunks,
    pages,
    frames,
    start: 0,
    end: Math.max(bundle.duration, lastEvent, 1),
    report: { droppedEvents: 0, droppedNodes: 0, droppedAttributes: 0, damagedChunks: 0 },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Published links

export const EXPIRY_DAYS = [1, 7, 30, 90] as const;
export const DEFAULT_EXPIRY_DAYS = 30;
export const DAY_MS = 24 * 60 * 60 * 1000;

export function expiryFor(days: number): { expiresIn: number } {
  return { expiresIn: Math.round(days * 24 * 60 * 60) };
}

/** The link's parts, or null for a row that was never published (or holds a damaged link). */
export function linkOf(row: Pick<ClipRow, 'published'>): TraceLink | null {
  if (!row.published) return null;
  try {
    return parseTraceLink(row.published.url);
  } catch {
    return null;
  }
}

export interface StatsLike {
  status: 'active' | 'expired' | 'revoked';
  unanswered: number;
}

/** The badge's number: unanswered questions on links that still work. */
export function unansweredTotal(stats: readonly (StatsLike | null)[]): number {
  return stats.reduce((n, s) => n + (s && s.status === 'active' ? s.unanswered : 0), 0);
}

/** The toolbar badge's text: empty for none, "99+" past two digits. */
export function badgeText(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > 99 ? '99+' : String(Math.floor(count));
}

/**
 * Questions with their answers, in the order the hub lists them (time order). Answers are attached after every
 * question is known, so an answer listed before its question (a tie on the clock) is not lost.
 */
export function threadOf<T extends { id: string; kind: 'question' | 'answer'; replyTo?: string }>(
  messages: readonly T[],
): { question: T; answers: T[] }[] {
  const out: { question: T; answers: T[] }[] = [];
  const byId = new Map<string, { question: T; answers: T[] }>();
  for (const m of messages) {
    if (m.kind !== 'question') continue;
    const entry = { question: m, answers: [] };
    byId.set(m.id, entry);
    out.push(entry);
  }
  for (const m of messages) {
    if (m.kind === 'answer' && m.replyTo) byId.get(m.replyTo)?.answers.push(m);
  }
  return out;
}

// Messages between extension pages and the background live with every other message, in lib/protocol.ts.
export {
  QUESTIONS_REFRESH,
  QuestionsRefreshReply,
  QuestionsRefreshRequest,
  SHARE_FETCH,
  ShareFetchReply,
  ShareFetchRequest,
} from './protocol';

/**
 * The share service's requests the background makes for extension pages: http(s) only (http on loopback only, as
 * links), and only the hub's API paths, so the proxy cannot be used to reach anything else.
 */
export function isShareApiUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.hostname.endsWith('.localhost');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) return false;
  if (url.username || url.password || url.hash) return false;
  return /\/api\/v1\/links(?:\/|$|\?)/.test(url.pathname + url.search) || url.pathname.endsWith('/healthz');
}
