import { describe, expect, it } from 'vitest';
import { DeliveryQueue, type DeliveryOutcome } from '@/lib/recorder/delivery';

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the delivery queue keeps every batch until the background confirms it', () => {
  it('resends after a lost reply (the service worker was stopped) until confirmed', async () => {
    const outcomes: DeliveryOutcome[] = [
      { ok: false, hold: false, message: 'port closed' },
      { ok: false, hold: false, message: 'no receiver' },
      { ok: true },
    ];
    const calls: string[] = [];
    const timers: (() => void)[] = [];
    const queue = new DeliveryQueue<string>({
      deliver: async (b) => {
        calls.push(b);
        return outcomes.shift()!;
      },
      onHold: () => undefined,
      setTimer: (fn) => timers.push(fn),
    });
    queue.add('batch-1');
    await flush();
    expect(queue.size).toBe(1);
    timers.shift()!();
    await flush();
    timers.shift()!();
    await flush();
    expect(calls).toEqual(['batch-1', 'batch-1', 'batch-1']);
    expect(queue.size).toBe(0);
  });

  it('treats a thrown send like a lost reply', async () => {
    const timers: (() => void)[] = [];
    let n = 0;
    const queue = new DeliveryQueue<string>({
      deliver: async () => {
        if (n++ === 0) throw new Error('Could not establish connection');
        return { ok: true };
      },
      onHold: () => undefined,
      setTimer: (fn) => timers.push(fn),
    });
    queue.add('b');
    await flush();
    timers.shift()!();
    await flush();
    expect(queue.size).toBe(0);
  });

  it('holds everything when storage is full, says so once, and resends on release', async () => {
    let full = true;
    const holds: string[] = [];
    const queue = new DeliveryQueue<string>({
      deliver: async () => (full ? { ok: false, hold: true, message: 'Storage is full' } : { ok: true }),
      onHold: (m) => holds.push(m),
      setTimer: () => undefined,
    });
    queue.add('a');
    queue.add('b');
    await flush();
    expect(holds).toEqual(['Storage is full']);
    expect(queue.isHeld).toBe(true);
    queue.add('c');
    expect(queue.size).toBe(3);
    full = false;
    queue.release();
    await flush();
    expect(queue.size).toBe(0);
  });
});
