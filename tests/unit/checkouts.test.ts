import { describe, expect, it } from 'vitest';
import { watchCheckouts, type CheckoutClock } from '@/lib/recorder/checkouts';

const TIMES = { everyMs: 180_000, quietMs: 1500, latestMs: 120_000 };

/** A page and a clock that the test drives: `run(until)` fires timers and idle callbacks in time order. */
function harness({ snapshots = true } = {}) {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 1;
  const page = new EventTarget();
  // The activity listeners the watch holds on the page right now.
  const listening = new Set<string>();
  const add = page.addEventListener.bind(page);
  const remove = page.removeEventListener.bind(page);
  page.addEventListener = (type, fn, options) => {
    listening.add(type);
    add(type, fn, options);
  };
  page.removeEventListener = (type, fn, options) => {
    listening.delete(type);
    remove(type, fn, options);
  };
  const clock: CheckoutClock = {
    now: () => now,
    setTimer: (fn, ms) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimer: (h) => void timers.delete(h as number),
    // The page is idle 50 ms later.
    whenIdle: (fn) => void timers.set(next++, { at: now + 50, fn }),
  };
  const taken: number[] = [];
  const watch = watchCheckouts(page as unknown as Window, () => {
    taken.push(now);
    if (snapshots) watch.snapshotTaken();
  }, TIMES, clock);
  const run = (until: number, activity: (t: number) => boolean = () => false) => {
    for (; now <= until; now += 100) {
      if (activity(now)) page.dispatchEvent(new Event('keydown'));
      for (const [h, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        timers.delete(h);
        t.fn();
      }
    }
  };
  return { watch, run, taken, listening };
}

const MIN = 60_000;

describe('checkouts', () => {
  it.each([
    ['typing all along, with a 3 s pause at 4 min: taken in that pause', (t: number) => t <= 4 * MIN || t > 4 * MIN + 3000, [4 * MIN + 1500, 4 * MIN + 1600]],
    ['nobody typing: taken as soon as it is due', () => false, [3 * MIN, 3 * MIN + 100]],
    ['typing without a pause: taken at the latest', () => true, [5 * MIN, 5 * MIN + 100]],
    ['a pause shorter than the quiet time does not count', (t: number) => t <= 4 * MIN || t > 4 * MIN + 1000, [5 * MIN, 5 * MIN + 100]],
  ])('%s', (_name, typing, [from, to]) => {
    const { watch, run, taken } = harness();
    watch.recorded();
    run(6 * MIN, (t) => t % 200 === 0 && typing(t));
    expect(taken).toHaveLength(1);
    expect(taken[0]!).toBeGreaterThanOrEqual(from!);
    expect(taken[0]!).toBeLessThanOrEqual(to! + 50);
  });

  it('takes none while nothing is recorded, and the next one after something is', () => {
    const { watch, run, taken } = harness();
    run(10 * MIN);
    expect(taken).toEqual([]);
    watch.recorded();
    run(11 * MIN);
    expect(taken).toHaveLength(1);
  });

  it('tries again an interval later when rrweb took no snapshot', () => {
    const { watch, run, taken } = harness({ snapshots: false });
    watch.recorded();
    run(5.9 * MIN);
    expect(taken).toHaveLength(1);
    run(7 * MIN);
    expect(taken).toHaveLength(2);
    expect(taken[1]! - taken[0]!).toBeGreaterThanOrEqual(3 * MIN);
  });

  it('counts the interval from the latest snapshot, whoever took it', () => {
    const { watch, run, taken } = harness();
    watch.recorded();
    run(2 * MIN);
    watch.snapshotTaken(); // a resume or a page's own reload
    watch.recorded();
    run(4.9 * MIN);
    expect(taken).toEqual([]);
    run(5.1 * MIN);
    expect(taken).toHaveLength(1);
  });

  it('listens to keys and clicks only from the quiet time before a checkout is due until it is taken', () => {
    const { watch, run, taken, listening } = harness();
    watch.recorded();
    run(3 * MIN - TIMES.quietMs - 200);
    expect(listening.size).toBe(0);
    run(3 * MIN - 100, () => true);
    expect([...listening].sort()).toEqual(['compositionupdate', 'input', 'keydown', 'pointerdown', 'wheel']);
    run(4 * MIN);
    expect(taken).toHaveLength(1);
    expect(listening.size).toBe(0);
    watch.recorded();
    run(5.9 * MIN);
    expect(listening.size).toBe(0);
  });

  it('takes nothing once stopped, and stops listening to the page', () => {
    const { watch, run, taken, listening } = harness();
    watch.recorded();
    run(3 * MIN - 100);
    expect(listening.size).toBeGreaterThan(0);
    watch.stop();
    run(10 * MIN);
    expect(taken).toEqual([]);
    expect(listening.size).toBe(0);
  });
});
