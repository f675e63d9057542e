/**
 * The content script's half of recording (isolated world): asks the background whether and where to record,
 * carries batches from the page to the background until each is confirmed, and relays the senior's controls.
 * It never opens IndexedDB: in a content script IndexedDB belongs to the site.
 */
import { ToContent, sendToBackground } from '../protocol';
import { batchPort } from './batch-port';
import { DeliveryQueue, type DeliveryOutcome } from './delivery';
import { PIPE_EVENTS, decodeBatch, type BatchHeader, type PageControl } from './page-pipe';

interface Session {
  traceId: string;
  page: number;
}

interface PendingBatch {
  header: BatchHeader;
  /** The events' JSON array, or its pieces in order (a batch with a very large mutation). */
  events: string | string[];
  /** For a batch in pieces: the number under which its pieces went ahead to the background. */
  set?: number;
  url: string;
  title: string;
}

const BEGIN_RETRY_MS = [100, 250, 500, 1000, 2000];

export function startContentBridge(win: Window, signal: AbortSignal): void {
  const doc = win.document;
  let session: Session | null = null;
  let waiting: PendingBatch[] = [];

  const control = (command: PageControl) =>
    doc.dispatchEvent(new CustomEvent(PIPE_EVENTS.control, { detail: JSON.stringify(command) }));

  const pipe = batchPort();
  const queue = new DeliveryQueue<PendingBatch>({
    deliver: async (batch): Promise<DeliveryOutcome> => {
      if (!session) return { ok: false, hold: false, message: 'no session yet' };
      const reply = await pipe.send(
        {
          type: 'trace/batch',
          traceId: session.traceId,
          page: session.page,
          ...batch.header,
          url: batch.url,
          title: batch.title,
          events: batch.events,
        },
        batch.set,
      );
      if (reply.ok) return { ok: true };
      return { ok: false, hold: reply.kind !== 'resend', message: reply.message };
    },
    // Storage is full: stop recording in the page; what is held is sent when the senior resumes.
    onHold: () => control({ type: 'pause' }),
  });

  // The pieces of the batch coming in pieces, glue and run in turn; its closing text arrives as a batch event.
  // Each piece goes on to the background in the task that brought it, so that no task sends the whole batch.
  // (One message for every few pieces, about 384 K characters, cost no less per byte, and made each such task
  // twice as long.) A run without its glue before it cannot be put in place: its batch is dropped.
  let pieces: string[] = [];
  let glue: string | null = null;
  let broken = false;
  let set = 0;
  doc.addEventListener(
    PIPE_EVENTS.glue,
    (e) => {
      const detail = (e as CustomEvent<unknown>).detail;
      glue = typeof detail === 'string' ? detail : null;
    },
    { signal },
  );
  doc.addEventListener(
    PIPE_EVENTS.piece,
    (e) => {
      const run = (e as CustomEvent<unknown>).detail;
      if (typeof run !== 'string' || glue === null) {
        broken = true;
        return;
      }
      const piece = [glue, run];
      glue = null;
      pieces.push(...piece);
      if (session && !queue.isHeld) pipe.ahead(set, pieces.length - piece.length, piece);
    },
    { signal },
  );
  doc.addEventListener(
    PIPE_EVENTS.batch,
    (e) => {
      const decoded = broken ? null : decodeBatch((e as CustomEvent<unknown>).detail, pieces);
      // A set's number is used once, whether or not its batch reads well.
      const ofSet = pieces.length > 0 ? { set: set++ } : {};
      pieces = [];
      glue = null;
      broken = false;
      if (!decoded) return;
      const batch: PendingBatch = { ...decoded, url: win.location.href, title: doc.title, ...ofSet };
      if (session) queue.add(batch);
      else waiting.push(batch);
    },
    { signal },
  );
  doc.addEventListener(
    PIPE_EVENTS.failed,
    (e) => {
      const detail = (e as CustomEvent<unknown>).detail;
      void sendToBackground({ type: 'recorder/failed', message: typeof detail === 'string' ? detail : 'unknown error' });
    },
    { signal },
  );
  win.addEventListener('pagehide', () => queue.flushAll(), { signal });
  // Back from the back/forward cache: what could not leave while the page was cached leaves now.
  win.addEventListener('pageshow', (e) => e.persisted && queue.flushAll(), { signal });
  // A short page visit can end before the background answered where to record: keep its batches waiting on
  // the answer, which still arrives after pagehide while the document is in the back/forward cache or closing.

  chrome.runtime.onMessage.addListener((raw: unknown, _sender, reply) => {
    if (signal.aborted) return;
    const parsed = ToContent.safeParse(raw);
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.type === 'recording/set-paused') {
      if (!message.paused) queue.release();
      control({ type: message.paused ? 'pause' : 'resume' });
      // Resuming a page that loaded while paused: it has no place in a trace yet.
      if (!message.paused && !session) void begin(0);
    } else if (message.type === 'recording/bookmark') {
      control({ type: 'bookmark' });
    } else {
      control({ type: 'pause' });
    }
    reply({ ok: true });
  });

  // Either world's script may start first: say hello now, and again when the recorder announces itself.
  doc.addEventListener(PIPE_EVENTS.ready, () => doc.dispatchEvent(new CustomEvent(PIPE_EVENTS.hello)), { signal });
  doc.dispatchEvent(new CustomEvent(PIPE_EVENTS.hello));

  const begin = async (tries: number): Promise<void> => {
    try {
      const reply = await sendToBackground({ type: 'session/begin', url: win.location.href, title: doc.title });
      if (!reply.record) {
        control({ type: 'pause' });
        waiting = [];
        return;
      }
      session = { traceId: reply.traceId, page: reply.page };
      for (const batch of waiting.splice(0)) queue.add(batch);
    } catch {
      // The service worker is starting or was just stopped: ask again.
      const delay = BEGIN_RETRY_MS[Math.min(tries, BEGIN_RETRY_MS.length - 1)] ?? 2000;
      if (!signal.aborted) setTimeout(() => void begin(tries + 1), delay);
    }
  };
  void begin(0);
}
