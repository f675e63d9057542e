import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openReplay, pauseIfPlaying, playhead, readMoments, recordTextareaSession, screenshotReplay, seekTo, waitForMoments } from './pages/replay';

/**
 * From now on, notes on the panel's own clock when the cue next appears and when it goes. Timed from the test's
 * side, each of Playwright's round trips on a busy host added to it (4.4 s once in CI for a 1.5 s cue).
 */
const watchCue = (panel: Page) =>
  panel.evaluate(() => {
    const w = window as unknown as { cue: { shown?: number; gone?: number } };
    w.cue = {};
    const observer = new MutationObserver(() => {
      const on = document.querySelector('.player-cue') !== null;
      if (on && w.cue.shown === undefined) w.cue.shown = performance.now();
      if (!on && w.cue.shown !== undefined) {
        w.cue.gone = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });

const cueOnScreenMs = (panel: Page) =>
  panel.evaluate(() => {
    const { shown, gone } = (window as unknown as { cue: { shown?: number; gone?: number } }).cue;
    return shown !== undefined && gone !== undefined ? gone - shown : null;
  });

test('a pause is shown as a thinking cue, played in about a second and a half, or whole in real time', async ({
  extPage,
  context,
  server,
}, testInfo) => {
  await recordTextareaSession(context, extPage, server, async (box, page) => {
    await box.pressSequentially('Let me think', { delay: 70 });
    await page.waitForTimeout(6500); // thinking
    await box.pressSequentially(' about it.', { delay: 70 });
  });

  const panel = await extPage('sidepanel.html');
  const trace = await waitForMoments(panel);
  const pauses = (await readMoments(panel, trace.id)).filter((m) => m.kind === 'pause');
  expect(pauses).toHaveLength(1);
  const pause = pauses[0]!;
  expect(pause.duration).toBeGreaterThan(5000);
  const seconds = Math.round(pause.duration / 1000);

  await openReplay(panel, trace.title);
  const start = await playhead(panel);
  const cue = panel.locator('.player-cue');
  const cueText = `thinking, ${seconds} s`;

  // The pause is on the scrubber, and in the list.
  await expect(panel.locator('.timeline .span-pause')).toHaveCount(1);
  await expect(panel.getByRole('button', { name: new RegExp(`^Pause, ${seconds} s, before more writing at`) })).toBeVisible();

  // Played through: the cue appears as the playhead enters the pause and is gone about 1.5 s later, with the
  // playhead past the pause.
  await seekTo(panel, start, pause.t - 800);
  await expect(cue).toBeHidden();
  await watchCue(panel);
  await panel.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(cue).toBeVisible({ timeout: 5000 });
  await expect(cue).toContainText(cueText);
  await expect(panel.getByRole('status').filter({ hasText: cueText })).toBeVisible();
  await expect(cue).toBeHidden({ timeout: 8000 });
  const compressedMs = await cueOnScreenMs(panel);
  expect(compressedMs).not.toBeNull();
  expect(compressedMs!).toBeGreaterThan(1000);
  expect(compressedMs!).toBeLessThan(3000);
  expect(await playhead(panel)).toBeGreaterThanOrEqual(pause.t + pause.duration);
  // Playback passed the pause: the moment list highlights it.
  await expect(panel.locator('li.moment.current')).toHaveAttribute('data-t', String(pause.t));
  await pauseIfPlaying(panel);

  // Paused inside the pause, the cue stays, for a person to read.
  await seekTo(panel, start, pause.t + pause.duration / 2);
  await expect(cue).toContainText(cueText);
  await screenshotReplay(panel, testInfo, 'thinking-cue');

  // Real time: the pause plays at its length.
  await panel.setViewportSize({ width: 500, height: 800 });
  const realTime = panel.getByRole('switch', { name: 'Real time' });
  await realTime.check();
  await expect(realTime).toBeChecked();
  await seekTo(panel, start, pause.t + 100);
  await panel.getByRole('button', { name: 'Play', exact: true }).click();
  const realStart = Date.now();
  await expect(cue).toBeVisible();
  await panel.waitForTimeout(3000);
  await expect(cue).toContainText(cueText);
  const atThree = await playhead(panel);
  expect(atThree - pause.t).toBeLessThan(4500); // still inside the pause, moving at 1x
  await expect(cue).toBeHidden({ timeout: 8000 });
  const realMs = Date.now() - realStart;
  expect(realMs).toBeGreaterThan(pause.duration - 100 - 1000);
  await pauseIfPlaying(panel);
  console.log(`a ${seconds} s pause played in ${Math.round(compressedMs!)} ms as a thinking cue, and in ${realMs} ms in real time`);
});
