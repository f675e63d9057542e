/**
 * Collects recorded events into batches in the page and serialises each batch once. A batch closes after
 * `maxDelayMs` or `maxEvents`, and just before a full snapshot, so that a stored chunk starts at a snapshot.
 * The batch that holds a full snapshot closes at the page's next idle moment instead, if that comes first: it is
 * the one hand-over that takes long (40 ms for a GitHub-sized page here), and right after rrweb's snapshot the
 * page is still loading or the senior has paused (a checkout waits for a pause), where two seconds later they may
 * be typing again.
 *
 * A batch with a very large mutation is serialised in pieces (lib/recorder/batch-pieces.ts), and each piece takes
 * two tasks: one serialises it, the next hands it over (the content script posts it on its port inside that
 * dispatch). The two cost about the same for a piece, so apart they make the longest task half as long. The
 * batches closed meanwhile wait behind it, so that batches and their pieces leave in order.
 */
import { batchPieces, wantsPieces, type Piece } from './batch-pieces';
import { encodeBatch, encodeLastPiece, type BatchHeader } from './page-pipe';
import { EventType } from '../trace-events';

export interface BatcherOptions<E> {
  maxDelayMs: number;
  maxEvents: number;
  /** Hands over a whole batch, or the last piece of one that went in pieces (with its header). */
  send: (wire: string) => void;
  /** Hands over a piece of a batch before its last: a run of entries and the text that goes before it. */
  sendPiece: (glue: string, run: string) => void;
  /** Rewrites a batch's events just before they are serialised (lib/text-deltas.ts). */
  encode?: (events: E[]) => unknown[];
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /** Runs `fn` in a task of its own: each piece of a large batch gets two, one to serialise it, one to send it. */
  later?: (fn: () => void) => void;
  /** Runs `fn` when the page is next idle (requestIdleCallback): a full snapshot's batch closes then. */
  whenIdle?: (fn: () => void) => void;
}

interface TimedEvent {
  type: number;
  timestamp: number;
}

interface Closed {
  header: BatchHeader;
  events: unknown[];
}

/** A batch part-way through being handed over in pieces. */
interface InPieces {
  header: BatchHeader;
  pieces: Iterator<Piece, string>;
  /** The piece serialised in the last task, to be sent in the next. */
  ready: Piece | null;
}

export class Batcher<E extends TimedEvent> {
  private events: E[] = [];
  private seq = 0;
  private index = 0;
  private timer: unknown = null;
  private closed: Closed[] = [];
  private inPieces: InPieces | null = null;
  private stepPending = false;

  constructor(private readonly options: BatcherOptions<E>) {}

  push(event: E): void {
    if (event.type === EventType.Meta && this.events.length > 0) this.close();
    this.events.push(event);
    if (this.events.length >= this.options.maxEvents) return this.close();
    if (event.type === EventType.FullSnapshot && this.options.whenIdle) {
      const snapshotBatch = this.seq;
      // Only the snapshot's own batch: if the timer closed it first, a later batch keeps its own time.
      this.options.whenIdle(() => {
        if (this.seq === snapshotBatch) this.close();
      });
    }
    if (this.timer === null) {
      const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
      this.timer = setTimer(() => {
        this.timer = null;
        this.close();
      }, this.options.maxDelayMs);
    }
  }

  /**
   * Serialises and hands over everything now, the rest of a batch that was going in pieces included:
   * synchronous, so it is safe in `pagehide`.
   */
  flush(): void {
    this.closeBuffer();
    this.handOver(true);
  }

  /** Drops what is buffered without sending (the senior paused). Closed batches still leave. */
  discard(): void {
    this.events = [];
  }

  /** Closes what is buffered into a batch without waiting for the timer; it leaves as usual (in pieces if large). */
  close(): void {
    this.closeBuffer();
    this.handOver(false);
  }

  private closeBuffer(): void {
    if (this.timer !== null) {
      (this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
      this.timer = null;
    }
    const events = this.events;
    if (events.length === 0) return;
    this.events = [];
    const header: BatchHeader = {
      seq: this.seq++,
      firstIndex: this.index,
      count: events.length,
      startedAt: events[0]!.timestamp,
      endedAt: events[events.length - 1]!.timestamp,
      fullSnapshot: events.some((e) => e.type === EventType.FullSnapshot),
    };
    this.index += events.length;
    this.closed.push({ header, events: this.options.encode ? this.options.encode(events) : events });
  }

  /** Hands over closed batches in order; `now` finishes everything in this task. */
  private handOver(now: boolean): void {
    for (;;) {
      if (this.inPieces) {
        if (!now) return this.stepLater();
        while (this.step(true)) {
          // every remaining piece, in this task
        }
        continue;
      }
      const next = this.closed.shift();
      if (!next) return;
      if (now || !wantsPieces(next.events)) this.options.send(encodeBatch(next.header, next.events));
      else this.inPieces = { header: next.header, pieces: batchPieces(next.events), ready: null };
    }
  }

  private stepLater(): void {
    if (this.stepPending) return;
    this.stepPending = true;
    (this.options.later ?? ((fn) => setTimeout(fn, 0)))(() => {
      this.stepPending = false;
      if (this.step(false)) this.stepLater();
      else this.handOver(false);
    });
  }

  /**
   * One step of the batch in pieces: sends the piece serialised in the step before, or serialises the next one
   * (`together`: and sends it at once, as a flush does). The last piece, a few closing characters, goes with the
   * header. Returns whether steps remain.
   */
  private step(together: boolean): boolean {
    const current = this.inPieces;
    if (!current) return false;
    // Each is cleared before it is sent: a listener of the hand-over may leave the page, and pagehide flushes from
    // inside it.
    const ready = current.ready;
    if (ready) {
      current.ready = null;
      this.options.sendPiece(...ready);
      return true;
    }
    const next = current.pieces.next();
    if (!next.done) {
      if (together) this.options.sendPiece(...next.value);
      else current.ready = next.value;
      return true;
    }
    this.inPieces = null;
    this.options.send(encodeLastPiece(current.header, next.value));
    return false;
  }
}
