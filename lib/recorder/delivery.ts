/**
 * Keeps every batch until the background confirms that it was written, and resends what was not confirmed.
 * Resending is safe: the background stores a batch under its (page, seq) key, so a repeat overwrites itself.
 */

export type DeliveryOutcome =
  | { ok: true }
  /** The background answered but will not store it now (storage full): hold it and stop recording. */
  | { ok: false; hold: true; message: string }
  /** No answer (the service worker was stopped, the reply was lost): try again. */
  | { ok: false; hold: false; message: string };

export interface DeliveryOptions<B> {
  deliver: (batch: B) => Promise<DeliveryOutcome>;
  onHold: (message: string) => void;
  retryDelaysMs?: readonly number[];
  setTimer?: (fn: () => void, ms: number) => void;
}

const DEFAULT_RETRY_MS = [100, 250, 500, 1000, 2000, 4000] as const;

export class DeliveryQueue<B> {
  private readonly pending = new Set<B>();
  private held = false;

  constructor(private readonly options: DeliveryOptions<B>) {}

  /** Batches not yet confirmed. */
  get size(): number {
    return this.pending.size;
  }

  get isHeld(): boolean {
    return this.held;
  }

  add(batch: B): void {
    this.pending.add(batch);
    if (!this.held) void this.attempt(batch, 0);
  }

  /** Sends everything unconfirmed at once, without waiting: used in pagehide, when there is no later. */
  flushAll(): void {
    for (const batch of this.pending) void this.options.deliver(batch).then((r) => r.ok && this.pending.delete(batch));
  }

  /** After a hold (storage was full), try again what is still pending. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    for (const batch of this.pending) void this.attempt(batch, 0);
  }

  private async attempt(batch: B, tries: number): Promise<void> {
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.options.deliver(batch);
    } catch (error) {
      outcome = { ok: false, hold: false, message: String(error) };
    }
    if (outcome.ok) {
      this.pending.delete(batch);
      return;
    }
    if (outcome.hold) {
      if (!this.held) {
        this.held = true;
        this.options.onHold(outcome.message);
      }
      return;
    }
    if (this.held || !this.pending.has(batch)) return;
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRY_MS;
    const delay = delays[Math.min(tries, delays.length - 1)] ?? 1000;
    const setTimer = this.options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    setTimer(() => void this.attempt(batch, tries + 1), delay);
  }
}
