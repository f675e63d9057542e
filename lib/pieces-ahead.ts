/**
 * The background's half of a large batch's pieces (lib/recorder/batch-pieces.ts): the pieces arrive on the
 * batch port as they leave the page, and wait here for their batch, which names how many went ahead of it. One of
 * these per port: if the service worker stops, the port and what waited here go with it, and the page sends the
 * unconfirmed batch again, whole, on a new port.
 */
import type { PortBatch, PortPiece, ReplyTo, TraceBatch } from './protocol';
import type { z } from 'zod/mini';

export const LOST_PIECES: ReplyTo<'trace/batch'> = {
  ok: false,
  kind: 'resend',
  message: 'Part of this batch was lost on the way.',
};

export class PiecesAhead {
  private readonly sets = new Map<number, string[]>();

  add({ set, pieces }: PortPiece): void {
    const waiting = this.sets.get(set) ?? [];
    waiting.push(...pieces);
    this.sets.set(set, waiting);
  }

  /** The batch with the pieces that went ahead of it back in front of its events, or null if some are missing. */
  take({ batch, ahead }: PortBatch): z.infer<typeof TraceBatch> | null {
    if (!ahead) return batch;
    const pieces = this.sets.get(ahead.set) ?? [];
    this.sets.delete(ahead.set);
    return pieces.length === ahead.pieces ? { ...batch, events: [...pieces, ...[batch.events].flat()] } : null;
  }
}
