/**
 * A full snapshot every few minutes lets a replay or a clip start near any moment instead of at the page load.
 * rrweb's own `checkoutEveryNms` takes it inside the handler of the first event after the interval: usually a
 * keystroke, so the senior's page froze mid-word (169 ms on a GitHub-sized page in the ten-minute benchmark).
 * Here the checkout waits for a pause: the first moment after the interval with no key, click, wheel or input
 * for `quietMs`, at the latest `latestMs` after the interval, and always in an idle period, outside any event.
 * A page where nothing was recorded since the last snapshot needs none.
 *
 * On a large page the snapshot itself is a long task (384-938 ms on the benchmark's GitHub-sized page, in ten-minute
 * sessions), which a pause does not hide if the senior starts again during it. So once a snapshot has cost a long
 * task, the next one is taken at the first moment the tab is hidden after the interval, when nobody can feel it, and
 * while the tab stays in view only after an interval long enough that checkouts take at most a three-thousandth of
 * the senior's time. Clips and replays start anywhere regardless (lib/clip/vdom.ts rebuilds the page from an older
 * snapshot); a checkout only shortens that rebuild.
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

/** A snapshot that took this long was a long task for the page (the Long Tasks API's threshold). */
export const LONG_SNAPSHOT_MS = 50;
/**
 * While the tab is in view, a long snapshot waits this many times its own cost. A busy senior's page runs its main
 * thread about a tenth of the time (the benchmark's ten-minute session: 6 s a minute), so a three-thousandth of
 * the time is about a third of a percent of the page's own work: a sixth of the 2 % that the recorder may add in
 * all. At a thousandth, two checkouts of 110 ms in ten minutes were a third of what the recorder's script added there.
 */
export const VISIBLE_COST_FACTOR = 3000;

export interface CheckoutClock {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
  /** Runs `fn` when the page is idle (requestIdleCallback), or after `timeoutMs` at the latest. */
  whenIdle: (fn: () => void, timeoutMs: number) => void;
  /** Whether the tab is out of sight (another tab, a minimised window). */
  hidden: () => boolean;
}

export interface CheckoutWatch {
  /** rrweb emitted a full snapshot (the first, a checkout, or one after a resume), which took `costMs`, if timed. */
  snapshotTaken(costMs?: number): void;
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
    hidden: () => win.document.visibilityState === 'hidden',
  };
}

export function watchCheckouts(
  win: Window,
  take: () => void,
  times: CheckoutTimes = CHECKOUT_TIMES,
  clock: CheckoutClock = browserClock(win),
): CheckoutWatch {
  let lastSnapshotAt = clock.now();
  let lastCostMs = 0;
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

  const long = () => lastCostMs >= LONG_SNAPSHOT_MS;
  /** When a checkout may be taken in a hidden tab, and when in a tab in view. */
  const dueHidden = () => lastSnapshotAt + times.everyMs;
  const dueInView = () => lastSnapshotAt + (long() ? Math.max(times.everyMs, lastCostMs * VISIBLE_COST_FACTOR) : times.everyMs);
  /** When the listeners go on: `quietMs` before the next checkout is due. */
  const listenAt = () => dueInView() - times.quietMs;

  // Only after a long snapshot, and then for a rare event: hiding the tab is the moment to take the next one.
  let watchingVisibility = false;
  const onVisibility = () => {
    if (clock.hidden()) check();
  };
  const watchVisibility = (on: boolean) => {
    if (on === watchingVisibility) return;
    watchingVisibility = on;
    if (on) win.addEventListener('visibilitychange', onVisibility);
    else win.removeEventListener('visibilitychange', onVisibility);
  };

  const disarm = () => {
    if (timer !== null) clock.clearTimer(timer);
    timer = null;
  };
  const arm = (ms: number) => {
    disarm();
    timer = clock.setTimer(check, Math.max(0, ms));
  };

  /** How long a tab in view still waits for its checkout: 0 once it is due and the senior has paused. */
  const waitInView = (now: number): number => {
    if (now < listenAt()) {
      // A tab that is hidden by then gets its chance at dueHidden, before a tab in view's.
      return (long() && now < dueHidden() ? Math.min(dueHidden(), listenAt()) : listenAt()) - now;
    }
    listen();
    const due = dueInView();
    if (now < due) return due - now;
    const quietAt = lastActivityAt + times.quietMs;
    const latest = due + times.latestMs;
    return now < quietAt && now < latest ? Math.min(quietAt, latest) - now : 0;
  };

  function check() {
    // Called by its timer, and also when the tab is hidden or something is recorded: one timer at a time.
    disarm();
    if (stopped || pending || !dirty) return;
    const now = clock.now();
    const hiddenAndDue = long() && clock.hidden() && now >= dueHidden();
    if (!hiddenAndDue) {
      const wait = waitInView(now);
      if (wait > 0) return arm(wait);
    }
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
    snapshotTaken(costMs) {
      lastSnapshotAt = clock.now();
      // A snapshot of unknown cost (one rrweb took on its own, not through the recorder) leaves the last one's standing.
      if (costMs !== undefined) lastCostMs = costMs;
      dirty = false;
      unlisten();
      watchVisibility(long());
      disarm();
    },
    recorded() {
      if (dirty || stopped) return;
      dirty = true;
      // A tab hidden since before anything was recorded takes its checkout now if it is due, not when in view.
      check();
    },
    stop() {
      stopped = true;
      unlisten();
      watchVisibility(false);
      disarm();
    },
  };
}
