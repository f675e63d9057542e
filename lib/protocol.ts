/**
 * The one message protocol between the extension's contexts. Every message and every reply is parsed from
 * `unknown` on arrival: a page, a stale content script after an update, or a bug must not reach the database.
 *
 * Written with zod's mini API: the content script imports this file, and it runs at document_start on every page
 * load of a shadowable site. With classic zod that script was 100 KB instead of 30, and each load of a small page
 * cost 5 ms more of its main thread (Chromium 156, this host: 37 against 32 ms, 13.6 with no extension).
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.maxLength(max));
const positiveInt = () => z.int().check(z.positive());
const count = () => z.int().check(z.nonnegative());

export const BeginSession = z.object({
  type: z.literal('session/begin'),
  url: text(8192),
  title: text(2048),
});

export const TraceBatch = z.object({
  type: z.literal('trace/batch'),
  traceId: z.string().check(z.minLength(1), z.maxLength(64)),
  /** The page load within the trace (1, 2, ...), given by the background when the page began. */
  page: positiveInt(),
  /** The batch's place within its page load; chunks are ordered and deduplicated by (page, seq). */
  seq: count(),
  /** Index of the batch's first event within its page load: consecutive batches leave no gap. */
  firstIndex: count(),
  count: positiveInt(),
  startedAt: z.number(),
  endedAt: z.number(),
  fullSnapshot: z.boolean(),
  url: text(8192),
  title: text(2048),
  /**
   * The events as one JSON array, serialised once in the page and never parsed on the way; or, for a batch with
   * a very large mutation (lib/recorder/batch-pieces.ts), the array's pieces in order, put together in the
   * background (`batchEventsText`), off the senior's page.
   */
  events: z.union([z.string().check(z.minLength(2)), z.array(z.string()).check(z.minLength(1))]),
});

export const RecorderFailed = z.object({
  type: z.literal('recorder/failed'),
  message: text(2000),
});

/** From extension pages only: an image or stylesheet a clip refers to, to carry it inside the bundle. */
export const FetchResource = z.object({
  type: z.literal('resource/fetch'),
  url: text(8192).check(z.regex(/^https?:\/\//)),
});

export const ToBackground = z.discriminatedUnion('type', [BeginSession, TraceBatch, RecorderFailed, FetchResource]);
export type ToBackground = z.infer<typeof ToBackground>;

export const BeginReply = z.discriminatedUnion('record', [
  z.object({ record: z.literal(false), reason: z.string() }),
  z.object({ record: z.literal(true), traceId: z.string(), page: positiveInt() }),
]);
export const BatchReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true) }),
  // 'resend': pieces sent ahead of the batch did not all arrive; the batch should come again, whole.
  z.object({ ok: z.literal(false), kind: z.enum(['quota', 'rejected', 'error', 'resend']), message: z.string() }),
]);
export const AckReply = z.object({ ok: z.literal(true) });
export const ResourceReply = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), kind: z.enum(['data-url', 'css']), body: z.string() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);

/** The reply schema of each message type, so that both ends are typed from one table. */
export const replies = {
  'session/begin': BeginReply,
  'trace/batch': BatchReply,
  'recorder/failed': AckReply,
  'resource/fetch': ResourceReply,
} as const satisfies Record<ToBackground['type'], z.ZodMiniType>;

export type ReplyTo<T extends ToBackground['type']> = z.infer<(typeof replies)[T]>;

/*
 * Content script → background: batches travel over one long-lived port per page (lib/recorder/batch-port.ts),
 * each with a number that its reply carries back. The pieces of a large batch go ahead of it on the same port as
 * they leave the page, numbered by their batch's `set`; the batch then names how many went `ahead`, and its own
 * events are the pieces after those.
 */
export const BATCH_PORT = 'shadowtrace/batches';
export const PortPiece = z.object({ set: count(), pieces: z.array(z.string()).check(z.minLength(1)) });
export type PortPiece = z.infer<typeof PortPiece>;
export const PortBatch = z.object({
  id: count(),
  batch: TraceBatch,
  ahead: z.optional(z.object({ set: count(), pieces: positiveInt() })),
});
export type PortBatch = z.infer<typeof PortBatch>;
export const PortBatchReply = z.object({ id: count(), reply: BatchReply });

/**
 * The text of a batch's events, or null if that is not a JSON list. A batch in pieces alternates glue, which is
 * taken as it is, and runs of entries as `JSON.stringify` gave them, whose brackets are dropped; it ends in glue
 * (lib/recorder/batch-pieces.ts). Putting them together costs a copy of the whole batch, made here and not on
 * the senior's page.
 */
export function batchEventsText(events: string | readonly string[]): string | null {
  const text = typeof events === 'string' ? events : joinPieces(events);
  return text !== null && isListText(text) ? text : null;
}

const isListText = (text: string) => text.length >= 2 && text.startsWith('[') && text.endsWith(']');

function joinPieces(pieces: readonly string[]): string | null {
  if (pieces.length % 2 === 0) return null;
  const parts: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (i % 2 === 0) parts.push(piece);
    else if (isListText(piece)) parts.push(piece.slice(1, -1));
    else return null;
  }
  return parts.join('');
}

export const ToContent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('recording/set-paused'), paused: z.boolean() }),
  z.object({ type: z.literal('recording/bookmark') }),
  z.object({ type: z.literal('recording/stop'), reason: z.string() }),
]);
export type ToContent = z.infer<typeof ToContent>;

/** Sends a message to the background and narrows its reply; throws when the reply does not fit the protocol. */
export async function sendToBackground<M extends ToBackground>(message: M): Promise<ReplyTo<M['type']>> {
  const raw: unknown = await chrome.runtime.sendMessage(message);
  const schema: z.ZodMiniType = replies[message.type];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(`Unexpected reply to ${message.type}`);
  return parsed.data as ReplyTo<M['type']>;
}

/*
 * Extension pages → background: the share service's requests, relayed because the side panel's policy allows no
 * outside connection (entrypoints/background/questions.ts), and the question badge refresh.
 */

export const SHARE_FETCH = 'shadowtrace/share-fetch';
export const QUESTIONS_REFRESH = 'shadowtrace/questions-refresh';

export const ShareFetchRequest = z.object({
  type: z.literal(SHARE_FETCH),
  url: text(4096),
  method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']),
  headers: z.record(z.string(), z.string()),
  /** Standard base64 of the body, or null. */
  body: z.nullable(z.string()),
});
export type ShareFetchRequest = z.infer<typeof ShareFetchRequest>;

export const ShareFetchReply = z.union([
  z.object({ ok: z.literal(true), status: z.int(), contentType: z.string(), body: z.string() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type ShareFetchReply = z.infer<typeof ShareFetchReply>;

export const QuestionsRefreshRequest = z.object({ type: z.literal(QUESTIONS_REFRESH) });
export const QuestionsRefreshReply = z.object({ ok: z.boolean(), unanswered: count() });
