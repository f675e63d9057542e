import { describe, expect, it } from 'vitest';
import { watchCheckouts, type CheckoutClock } from '@/lib/recorder/checkouts';

const TIMES = { everyMs: 180_000, quietMs: 1500, latestMs: 120_000 };

/** A page and a clock that the test drives: `run(until)` fires timers and idle callbacks in time order. */
function harness({ snapshots = true, costMs = 0 } = {}) {
  let now = 0;
  let hidden = false;
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
    hidden: () => hidden,
  };
  const taken: number[] = [];
  const watch = watchCheckouts(page as unknown as Window, () => {
    taken.push(now);
    if (snapshots) watch.snapshotTaken(costMs);
  }, TIMES, clock);
  // The tab goes out of sight or back into view at a given time.
  const visibility: [number, boolean][] = [];
  const setHidden = (at: number, value: boolean) => visibility.push([at, value]);
  const run = (until: number, activity: (t: number) => boolean = () => false) => {
    for (; now <= until; now += 100) {
      for (const [at, value] of visibility) {
        if (at !== now) continue;
        hidden = value;
        page.dispatchEvent(new Event('visibilitychange'));
      }
      if (activity(now)) page.dispatchEvent(new Event('keydown'));
      for (const [h, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        timers.delete(h);
        t.fn();
      }
    }
  };
  return { watch, run, taken, listening, setHidden };
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

  // After a snapshot that was a long task: [name, its cost, tab hidden/shown at, first checkout between].
  it.each<[string, number, [number, boolean][], [number, number]]>([
    ['in view all along, a 100 ms snapshot: after 300 s (a three-thousandth of the time)', 100, [], [5 * MIN, 5 * MIN + 100]],
    ['in view all along, a 300 ms snapshot: after 15 min', 300, [], [15 * MIN, 15 * MIN + 100]],
    ['in view all along, a 60 ms snapshot: at the usual interval', 60, [], [3 * MIN, 3 * MIN + 100]],
    ['hidden at 4 min: taken as it is hidden', 300, [[4 * MIN, true]], [4 * MIN, 4 * MIN + 100]],
    ['hidden from 2 min on: taken when the interval ends', 300, [[2 * MIN, true]], [3 * MIN, 3 * MIN + 100]],
    ['hidden from 2 min to 2.5 min: the tab in view waits the longer interval', 100, [[2 * MIN, true], [2.5 * MIN, false]], [5 * MIN, 5 * MIN + 100]],
    ['hidden at 4 min after a cheap snapshot: nothing changes', 20, [[4 * MIN, true]], [3 * MIN, 3 * MIN + 100]],
  ])('%s', (_name, costMs, visibility, [from, to]) => {
    const { watch, run, taken, setHidden } = harness({ costMs });
    for (const [at, value] of visibility) setHidden(at, value);
    watch.snapshotTaken(costMs);
    watch.recorded();
    run(16 * MIN);
    expect(taken[0]).toBeGreaterThanOrEqual(from);
    expect(taken[0]).toBeLessThanOrEqual(to + 50);
  });

  it('takes the checkout of a tab hidden before anything was recorded as soon as something is', () => {
    const { watch, run, taken, setHidden } = harness({ costMs: 300 });
    setHidden(MIN, true);
    watch.snapshotTaken(300);
    run(4 * MIN);
    expect(taken).toEqual([]);
    watch.recorded();
    run(4 * MIN + 1000);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toBeLessThanOrEqual(4 * MIN + 200);
  });

  it('listens for the tab being hidden only after a long snapshot, and stops when stopped', () => {
    const cheap = harness();
    cheap.watch.snapshotTaken(10);
    expect(cheap.listening.has('visibilitychange')).toBe(false);
    const { watch, listening } = harness({ costMs: 400 });
    watch.snapshotTaken(400);
    expect(listening.has('visibilitychange')).toBe(true);
    watch.snapshotTaken(10);
    expect(listening.has('visibilitychange')).toBe(false);
    watch.snapshotTaken(400);
    watch.stop();
    expect(listening.has('visibilitychange')).toBe(false);
  });

  it('keeps the last cost when a snapshot comes untimed', () => {
    const { watch, run, taken } = harness({ costMs: 100 });
    watch.snapshotTaken(100);
    watch.snapshotTaken(); // one rrweb took on its own: not timed
    watch.recorded();
    run(6 * MIN);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toBeGreaterThanOrEqual(5 * MIN);
  });
});
