/**
 * A full snapshot every few minutes lets a replay or a clip start near any moment instead of at the page load.
 * rrweb's own `checkoutEveryNms` takes it inside the handler of the first event after the interval: usually a
 * keystroke, so the senior's page froze mid-word (169 ms on a GitHub-sized page in the ten-minute benchmark).
 * Here the checkout waits for a pause: the first moment after the interval with no key, click, wheel or input
 * for `quietMs`, at the latest `latestMs` after the interval, and always in an idle period, outside any event.
 * A page where nothing was recorded since the last snapshot needs none.
 */
import { whenIdle } from './when-idle';

export interface CheckoutTimes {
  /** Least time between two full snapshots. */
  everyMs: number;
  /** How long the senior has done nothing before a checkout may run. */
  quietMs: number;
  /** How long after `everyMs` a checkout waits for a pause at most. */
  latestMs: number;
}

export const CHECKOUT_TIMES: CheckoutTimes = { everyMs: 3 * 60_000, quietMs: 1500, latestMs: 2 * 60_000 };

export interface CheckoutClock {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Runs `fn` when the page is idle (requestIdleCallback), or after `timeoutMs` at the latest. */
  whenIdle: (fn: () => void, timeoutMs: number) => void;
}

export interface CheckoutWatch {
  /** rrweb emitted a full snapshot (the first, a checkout, or one after a resume). */
  snapshotTaken(): void;
  /** rrweb emitted anything else. */
  recorded(): void;
  stop(): void;
}

const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'input', 'compositionupdate'] as const;

function browserClock(win: Window): CheckoutClock {
  return {
    now: () => win.performance.now(),
    setTimer: (fn, ms) => win.setTimeout(fn, ms),
    clearTimer: (handle) => win.clearTimeout(handle as number),
    whenIdle: (fn, timeoutMs) => whenIdle(win, fn, timeoutMs),
  };
}

export function watchCheckouts(
  win: Window,
  take: () => void,
  times: CheckoutTimes = CHECKOUT_TIMES,
  clock: CheckoutClock = browserClock(win),
): CheckoutWatch {
  let lastSnapshotAt = clock.now();
  let lastActivityAt = -Infinity;
  let dirty = false;
  let timer: unknown = null;
  let pending = false;
  let stopped = false;

  const onActivity = () => {
    lastActivityAt = clock.now();
  };
  // A key or a click matters only from `quietMs` before a checkout is due until it is taken. Listening all along
  // made this listener the recorder's costliest own function after serialising batches: each call from the browser
  // into it took a few microseconds, on every keystroke, wheel and click of the senior's day.
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    for (const type of ACTIVITY) win.addEventListener(type, onActivity, { capture: true, passive: true });
  };
  const unlisten = () => {
    if (!listening) return;
    listening = false;
    for (const type of ACTIVITY) win.removeEventListener(type, onActivity, { capture: true });
  };

  /** When the listeners go on: `quietMs` before the next checkout is due. */
  const listenAt = () => lastSnapshotAt + times.everyMs - times.quietMs;

  const arm = (ms: number) => {
    if (timer !== null) clock.clearTimer(timer);
    timer = clock.setTimer(check, Math.max(0, ms));
  };

  function check() {
    timer = null;
    if (stopped || pending || !dirty) return;
    const now = clock.now();
    if (now < listenAt()) return arm(listenAt() - now);
    listen();
    const due = lastSnapshotAt + times.everyMs;
    if (now < due) return arm(due - now);
    const quietAt = lastActivityAt + times.quietMs;
    const latest = due + times.latestMs;
    if (now < quietAt && now < latest) return arm(Math.min(quietAt, latest) - now);
    pending = true;
    clock.whenIdle(() => {
      pending = false;
      if (stopped || !dirty) return;
      take();
      // rrweb emits the snapshot inside take(). If it could not take one, the watch would stay dirty and never
      // arm again: try again an interval later instead.
      if (dirty && !stopped) {
        lastSnapshotAt = clock.now();
        unlisten();
        arm(listenAt() - lastSnapshotAt);
      }
    }, 1000);
  }

  return {
    snapshotTaken() {
      lastSnapshotAt = clock.now();
      dirty = false;
      unlisten();
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
    },
    recorded() {
      if (dirty || stopped) return;
      dirty = true;
      arm(listenAt() - clock.now());
    },
    stop() {
      stopped = true;
      unlisten();
      if (timer !== null) clock.clearTimer(timer);
      timer = null;
    },
  };
}
