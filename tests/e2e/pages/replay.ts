/**
 * The side panel's replay with its process timeline, as a person uses it, and the recording that precedes it:
 * a session typed into a local page on a shadowable 127.0.0.1, then the panel opened once the trace's moments
 * are computed for the whole trace.
 */
import { expect, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import type { FixtureServer } from '../fixture-server';
import { openOnShadowableSite } from './options';
import { readTable, readTraces, type StoredTrace } from './store';

export interface StoredMoment {
  id: string;
  kind: string;
  t: number;
  duration: number;
  detail: Record<string, unknown>;
}

/** Types a session into the test's textarea page and closes the tab, which ends the trace. */
export async function recordTextareaSession(
  context: BrowserContext,
  extPage: (path: string) => Promise<Page>,
  server: FixtureServer,
  work: (box: Locator, page: Page) => Promise<void>,
): Promise<void> {
  const page = await openOnShadowableSite(extPage, context, server, '/textarea.html');
  const box = page.locator('#reply');
  await box.click();
  await work(box, page);
  await page.waitForTimeout(300);
  await page.close({ runBeforeUnload: true });
}

interface TraceState extends StoredTrace {
  momentsUpTo?: number;
}

/** Waits until the trace has ended and its moments cover all of it; returns it. */
export async function waitForMoments(panel: Page, timeout = 30_000): Promise<TraceState> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const trace = ((await readTraces(panel)) as TraceState[]).find((t) => t.site === '127.0.0.1');
    if (trace?.summary && trace.status === 'ended' && trace.momentsUpTo === trace.endedAt) return trace;
    if (Date.now() > deadline) throw new Error(`The trace's moments were not computed in time: ${JSON.stringify(trace)}`);
    await panel.waitForTimeout(250);
  }
}

export async function readMoments(panel: Page, traceId: string): Promise<StoredMoment[]> {
  const rows = await readTable<StoredMoment>(panel, 'moments', { index: 'traceId', id: traceId });
  return rows.sort((a, b) => a.t - b.t);
}

/** Opens the trace's replay from the library and waits for its first frame and for the whole trace. */
export async function openReplay(panel: Page, title: string): Promise<void> {
  await panel.getByRole('button', { name: `Replay ${title}` }).click();
  await panel.getByRole('region', { name: 'Replay' }).locator('iframe').waitFor();
  await wholeTraceLoaded(panel);
}

/** A long trace shows its first frame before the rest is decoded; the scrubber reaches the end once it is. */
export async function wholeTraceLoaded(panel: Page): Promise<void> {
  await expect(panel.getByText(/Loading the rest of the trace/)).toHaveCount(0);
}

export const playhead = async (panel: Page) => Number(await panel.locator('.player').getAttribute('data-playhead'));

/** The recorded textarea inside the replay frame. */
export const replayedTextarea = (panel: Page) => panel.frameLocator('.player-stage iframe').locator('textarea');

/** Seeks by the slider, as dragging it does. */
export async function seekTo(panel: Page, start: number, t: number): Promise<void> {
  await panel.getByRole('slider', { name: 'Playhead' }).fill(String(Math.round(t - start)));
}

/** The replay at the panel's narrowest and widest, for a person to look at. */
export async function screenshotReplay(panel: Page, testInfo: TestInfo, name: string, widths = [360, 700]): Promise<void> {
  for (const width of widths) {
    await panel.setViewportSize({ width, height: 800 });
    await panel.waitForTimeout(150);
    await panel.screenshot({ path: testInfo.outputPath(`${name}-${width}px.png`) });
  }
}

/** Pauses the replay if it is still playing (it stops by itself at the end of the trace). */
export async function pauseIfPlaying(panel: Page): Promise<void> {
  const pause = panel.getByRole('button', { name: 'Pause', exact: true });
  if (await pause.isVisible()) await pause.click({ timeout: 1000 }).catch(() => {});
}
