/**
 * The background's half of a large batch's pieces (lib/recorder/batch-pieces.ts): the pieces arrive on the
 * batch port as they leave the page, and wait here for their batch, which names how many went ahead of it. One of
 * these per port: if the service worker stops, the port and what waited here go with it, and the page sends the
 * unconfirmed batch again, whole, on a new port.
 *
 * Pieces whose batch never comes (a set the content script dropped, or events a page forged) must not stay for
 * the life of the port: a batch's arrival clears every set before its own, and the pieces held on one port are
 * capped. The service worker serves every recorded tab, so one page must not be able to fill its memory.
 */
import type { PortBatch, PortPiece, ReplyTo, TraceBatch } from './protocol';
import type { z } from 'zod/mini';

export const LOST_PIECES: ReplyTo<'trace/batch'> = {
  ok: false,
  kind: 'resend',
  message: 'Part of this batch was lost on the way.',
};

/** Characters of pieces held on one port at most: about 13 times the largest render the benchmarks make. */
export const MAX_HELD_CHARS = 32 * 1024 * 1024;

const charsOf = (pieces: readonly string[]) => pieces.reduce((n, piece) => n + piece.length, 0);

export class PiecesAhead {
  private readonly sets = new Map<number, string[]>();
  private held = 0;

  constructor(private readonly maxChars = MAX_HELD_CHARS) {}

  add({ set, pieces }: PortPiece): void {
    const size = charsOf(pieces);
    // Over the cap, nothing is kept: the batch is then refused as incomplete and sent again whole.
    if (this.held + size > this.maxChars) return this.clear();
    const waiting = this.sets.get(set) ?? [];
    waiting.push(...pieces);
    this.sets.set(set, waiting);
    this.held += size;
  }

  /** The batch with the pieces that went ahead of it back in front of its events, or null if some are missing. */
  take({ batch, ahead }: PortBatch): z.infer<typeof TraceBatch> | null {
    if (!ahead) return batch;
    const pieces = this.sets.get(ahead.set) ?? [];
    // Batches leave the page in order: a set before this one will not be named again.
    for (const [set, waiting] of this.sets) {
      if (set > ahead.set) continue;
      this.sets.delete(set);
      this.held -= charsOf(waiting);
    }
    return pieces.length === ahead.pieces ? { ...batch, events: [...pieces, ...[batch.events].flat()] } : null;
  }

  /** Characters of pieces held now. */
  get heldChars(): number {
    return this.held;
  }

  private clear(): void {
    this.sets.clear();
    this.held = 0;
  }
}
