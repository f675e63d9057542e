/**
 * A token bucket per client address, in this instance's memory. This is the only in-memory state of the hub, and
 * it is fine for it to be per instance: behind a load balancer with N instances a client gets at most N times the
 * rate, which still stops floods. A team that needs an exact global limit sets it on the load balancer.
 */
export interface RateLimitOptions {
  /** Requests a client may make at once. */
  burst: number;
  /** Requests per second refilled. */
  perSecond: number;
  now: () => number;
  /** Buckets kept before idle ones are dropped. */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly opts: RateLimitOptions) {}

  /** Takes one token for `client`; when there is none, says how many seconds until there is. */
  take(client: string): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.opts.now();
    const { burst, perSecond } = this.opts;
    const bucket = this.buckets.get(client) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.delete(client); // re-inserted below, so the Map's order is least recently seen first
    this.buckets.set(client, bucket);
    this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)) };
  }

  get size(): number {
    return this.buckets.size;
  }

  private prune(now: number): void {
    const max = this.opts.maxClients ?? 100_000;
    if (this.buckets.size <= max) return;
    // A bucket that would be full again carries no information: forget it. Oldest first.
    const refillMs = (this.opts.burst / this.opts.perSecond) * 1000;
    for (const [client, bucket] of this.buckets) {
      if (this.buckets.size <= max) break;
      if (now - bucket.at >= refillMs) this.buckets.delete(client);
      else break;
    }
    // Still too many active clients: drop the least recently seen (they get a fresh bucket, i.e. lenient).
    while (this.buckets.size > max) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
