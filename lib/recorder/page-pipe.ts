/**
 * The wire between the recorder in the page's main world and the content script in the isolated world.
 * Batches cross as one string (`{"batch":header,"events":[...]}`) so the events are serialised once in the page
 * and never cloned as objects at any hop. A batch with a very large mutation crosses in pieces, one per task:
 * each a `glue` event and a `piece` event (lib/recorder/batch-pieces.ts), and then the closing text in the same
 * form as a whole batch, with the header. The background puts the pieces together (`batchEventsText`).
 */
import { isCount } from '../moments/read';

// No zod here: this file runs in the page's main world at document_start, where every kilobyte is parse time
// on the senior's page.

export const PIPE_EVENTS = {
  /** main -> isolated: a batch of recorded events, or the last piece of one (with its header). */
  batch: 'shadowtrace:batch',
  /** main -> isolated: the text that goes before the next piece of a large batch (a comma, mostly). */
  glue: 'shadowtrace:batch-glue',
  /** main -> isolated: a piece of a large batch, a run of entries as JSON (lib/recorder/batch-pieces.ts). */
  piece: 'shadowtrace:batch-piece',
  /** main -> isolated: the recorder is loaded (either script may start first). */
  ready: 'shadowtrace:ready',
  /** isolated -> main: the content script listens; send what you buffered. */
  hello: 'shadowtrace:hello',
  /** isolated -> main: pause, resume, bookmark, flush (close the open batch now, without waiting for its timer). */
  control: 'shadowtrace:control',
  /** main -> isolated: rrweb threw; the recorder stopped itself. */
  failed: 'shadowtrace:failed',
} as const;

export interface BatchHeader {
  seq: number;
  firstIndex: number;
  count: number;
  startedAt: number;
  endedAt: number;
  fullSnapshot: boolean;
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function asHeader(v: unknown): BatchHeader | null {
  if (!v || typeof v !== 'object') return null;
  const h = v as Record<string, unknown>;
  if (!isCount(h.seq) || !isCount(h.firstIndex) || !isCount(h.count) || h.count === 0) return null;
  if (!isTime(h.startedAt) || !isTime(h.endedAt) || typeof h.fullSnapshot !== 'boolean') return null;
  return {
    seq: h.seq,
    firstIndex: h.firstIndex,
    count: h.count,
    startedAt: h.startedAt,
    endedAt: h.endedAt,
    fullSnapshot: h.fullSnapshot,
  };
}

const WIRE_START = '{"batch":';
const EVENTS_KEY = ',"events":';

/** One `JSON.stringify` for the whole batch: the wire is the only copy of the events the page ever makes. */
export function encodeBatch(header: BatchHeader, events: readonly unknown[]): string {
  return JSON.stringify({ batch: header, events });
}

/** The closing text of a batch that went in pieces, with the batch's header. */
export function encodeLastPiece(header: BatchHeader, piece: string): string {
  return `${WIRE_START}${JSON.stringify(header)}${EVENTS_KEY}${piece}}`;
}

/**
 * Reads the header and hands the events on as a slice of the page's own string, or, for a batch that came in
 * pieces, as the list of its pieces (`before`: glue, run, glue, run..., then this closing text). Nothing here
 * walks the events or joins strings: either would copy megabytes on the page's main thread (a two-byte page costs
 * 1.6 ms per MB for that copy alone). The header holds only numbers and booleans, so it ends at its first closing
 * brace.
 */
export function decodeBatch(
  wire: unknown,
  before: readonly string[] = [],
): { header: BatchHeader; events: string | string[] } | null {
  if (typeof wire !== 'string' || !wire.startsWith(WIRE_START) || !wire.endsWith(']}')) return null;
  const close = wire.indexOf('}', WIRE_START.length);
  if (close < 0 || !wire.startsWith(EVENTS_KEY, close + 1)) return null;
  let head: unknown;
  try {
    head = JSON.parse(wire.slice(WIRE_START.length, close + 1));
  } catch {
    return null;
  }
  const header = asHeader(head);
  const events = wire.slice(close + 1 + EVENTS_KEY.length, -1);
  if (!header) return null;
  if (before.length === 0) return events.startsWith('[') ? { header, events } : null;
  const paired = before.length % 2 === 0 && before[0]!.startsWith('[');
  return paired ? { header, events: [...before, events] } : null;
}

export type PageControl =
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'bookmark'; word?: string }
  | { type: 'flush' };

export function decodeControl(detail: unknown): PageControl | null {
  if (typeof detail !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(detail);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const { type, word } = v as Record<string, unknown>;
  if (type === 'pause' || type === 'resume' || type === 'flush') return { type };
  if (type === 'bookmark') return typeof word === 'string' ? { type, word: word.slice(0, 200) } : { type };
  return null;
}
