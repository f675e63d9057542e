import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';

interface HandOver {
  full: boolean;
  /** What the page was running when the batch left: an idle callback, a timer, or another task. */
  during: 'idle' | 'timer' | 'task';
}

/**
 * A full snapshot's batch is the one long hand-over. Two seconds after the page loaded, on the batch timer, it
 * could land in the senior's first keystrokes; at the first idle moment after rrweb's snapshot, it lands while the
 * page is still settling.
 */
test('the snapshot of a page that just loaded leaves it in an idle moment, not on the batch timer', async ({ extPage, context, server }) => {
  const page = await openOnShadowableSite(extPage, context, server, '/big.html', (p) =>
    p.addInitScript(() => {
      const w = window as unknown as { handOvers: HandOver[] };
      w.handOvers = [];
      let during: HandOver['during'] = 'task';
      const marked = <A extends unknown[]>(name: HandOver['during'], fn: (...a: A) => unknown) => (...a: A) => {
        const outer = during;
        during = name;
        try {
          return fn(...a);
        } finally {
          during = outer;
        }
      };
      const idle = window.requestIdleCallback.bind(window);
      const timeout = window.setTimeout.bind(window);
      window.requestIdleCallback = (fn, options) => idle(marked('idle', fn), options);
      window.setTimeout = ((fn: unknown, ms?: number, ...rest: unknown[]) =>
        typeof fn === 'function' ? timeout(marked('timer', fn as () => void), ms, ...rest) : timeout(fn as string, ms)) as typeof setTimeout;
      document.addEventListener('shadowtrace:batch', (e) => {
        const wire = (e as CustomEvent<unknown>).detail;
        w.handOvers.push({ full: typeof wire === 'string' && wire.includes('"fullSnapshot":true'), during });
      });
    }),
  );
  const handOvers = () => page.evaluate(() => (window as unknown as { handOvers: HandOver[] }).handOvers);
  await expect.poll(async () => (await handOvers()).some((h) => h.full), { timeout: 10_000 }).toBe(true);
  expect((await handOvers()).find((h) => h.full)).toEqual({ full: true, during: 'idle' });

  // The batches after it still leave on the timer.
  await page.locator('body').click();
  await page.keyboard.type('later');
  await expect.poll(async () => (await handOvers()).filter((h) => !h.full).length, { timeout: 10_000 }).toBeGreaterThan(0);
  expect((await handOvers()).filter((h) => !h.full).every((h) => h.during === 'timer')).toBe(true);
});
