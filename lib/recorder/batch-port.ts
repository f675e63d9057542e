/**
 * Carries batches from the content script to the background over one long-lived port, not one `sendMessage`
 * each. `sendMessage` opens a channel per call, and its synchronous part waits on the browser process: for a
 * 12 KB batch it took 0.3 ms on an idle machine and 0.9 ms (1.5 at the 95th percentile) while other processes
 * kept both cores busy, against 0.1 and 0.2 ms (0.3) for `postMessage` on a port. That wait is spent on the
 * senior's page, inside the batch's task.
 *
 * The pieces of a large batch go ahead of it, in the tasks that brought them from the page, so that no task
 * copies the whole batch out of the page; the batch then names them. Pieces count only on the port
 * that carried them: a batch sent again, or on another port, carries its pieces itself.
 *
 * The port dies with the service worker. What was sent on it and not yet confirmed then fails, and the delivery
 * queue sends it again on a new port (the background stores a batch under its key, so a repeat is harmless).
 */
import { BATCH_PORT, PortBatchReply, type PortBatch, type PortPiece, type ReplyTo } from '../protocol';

type BatchReply = ReplyTo<'trace/batch'>;

interface Link {
  port: chrome.runtime.Port;
  waiting: Map<number, { ok: (reply: BatchReply) => void; ko: (error: Error) => void }>;
  /** How many pieces of each set went ahead on this port. */
  carried: Map<number, number>;
}

export interface BatchPipe {
  /** Sends a batch. `set` names the pieces of its events that went `ahead`, if it came in pieces. */
  send: (batch: PortBatch['batch'], set?: number) => Promise<BatchReply>;
  /** Sends pieces of a batch ahead of it: those from its piece number `from` on. */
  ahead: (set: number, from: number, pieces: string[]) => void;
}

export function batchPort(runtime: Pick<typeof chrome.runtime, 'connect'> = chrome.runtime): BatchPipe {
  let link: Link | null = null;
  let nextId = 0;

  const open = (): Link => {
    const opened: Link = { port: runtime.connect({ name: BATCH_PORT }), waiting: new Map(), carried: new Map() };
    opened.port.onMessage.addListener((raw: unknown) => {
      const parsed = PortBatchReply.safeParse(raw);
      if (!parsed.success) return;
      const waiter = opened.waiting.get(parsed.data.id);
      opened.waiting.delete(parsed.data.id);
      waiter?.ok(parsed.data.reply);
    });
    opened.port.onDisconnect.addListener(() => {
      if (link === opened) link = null;
      const lost = [...opened.waiting.values()];
      opened.waiting.clear();
      for (const waiter of lost) waiter.ko(new Error('The background stopped before it confirmed the batch.'));
    });
    return opened;
  };

  /** The batch as it goes on `current`: without the pieces that went ahead on that same port. */
  const message = (current: Link, id: number, batch: PortBatch['batch'], set?: number): PortBatch => {
    if (set === undefined) return { id, batch };
    const carried = current.carried.get(set) ?? 0;
    current.carried.delete(set);
    const { events } = batch;
    if (carried === 0 || !Array.isArray(events) || carried >= events.length) return { id, batch };
    return { id, batch: { ...batch, events: events.slice(carried) }, ahead: { set, pieces: carried } };
  };

  return {
    send: (batch, set) =>
      new Promise((ok, ko) => {
        const id = nextId++;
        try {
          const current = (link ??= open());
          current.waiting.set(id, { ok, ko });
          current.port.postMessage(message(current, id, batch, set));
        } catch (error) {
          // The extension was reloaded or the port closed under us: the next batch opens a new one.
          link = null;
          ko(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    ahead: (set, from, pieces) => {
      try {
        const current = (link ??= open());
        // Only the batch's first pieces, in a row on one port, can go ahead: after a port closed, the batch
        // carries the rest itself.
        const carried = current.carried.get(set) ?? 0;
        if (carried !== from) return;
        current.port.postMessage({ set, pieces } satisfies PortPiece);
        current.carried.set(set, carried + pieces.length);
      } catch {
        // The batch will carry these pieces itself.
        link = null;
      }
    },
  };
}
