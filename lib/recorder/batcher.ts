/**
 * Collects recorded events into batches in the page and serialises each batch once. A batch closes after
 * `maxDelayMs` or `maxEvents`, and just before a full snapshot, so that a stored chunk starts at a snapshot.
 */
import { encodeBatch } from './page-pipe';

export interface BatcherOptions<E> {
  maxDelayMs: number;
  maxEvents: number;
  send: (wire: string) => void;
  /** Rewrites a batch's events just before they are serialised (lib/text-deltas.ts). */
  encode?: (events: E[]) => unknown[];
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

interface TimedEvent {
  type: number;
  timestamp: number;
}

const META = 4;
const FULL_SNAPSHOT = 2;

export class Batcher<E extends TimedEvent> {
  private events: E[] = [];
  private seq = 0;
  private index = 0;
  private timer: unknown = null;

  constructor(private readonly options: BatcherOptions<E>) {}

  push(event: E): void {
    if (event.type === META && this.events.length > 0) this.flush();
    this.events.push(event);
    if (this.events.length >= this.options.maxEvents) this.flush();
    else if (this.timer === null) {
      const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
      this.timer = setTimer(() => {
        this.timer = null;
        this.flush();
      }, this.options.maxDelayMs);
    }
  }

  /** Serialises and hands over what is buffered; synchronous, so it is safe in `pagehide`. */
  flush(): void {
    if (this.timer !== null) {
      (this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
      this.timer = null;
    }
    const events = this.events;
    if (events.length === 0) return;
    this.events = [];
    const first = events[0]!;
    const last = events[events.length - 1]!;
    const wire = encodeBatch(
      {
        seq: this.seq++,
        firstIndex: this.index,
        count: events.length,
        startedAt: first.timestamp,
        endedAt: last.timestamp,
        fullSnapshot: events.some((e) => e.type === FULL_SNAPSHOT),
      },
      this.options.encode ? this.options.encode(events) : events,
    );
    this.index += events.length;
    this.options.send(wire);
  }

  /** Drops what is buffered without sending (the senior paused). */
  discard(): void {
    this.events = [];
  }
}
