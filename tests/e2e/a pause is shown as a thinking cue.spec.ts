import { expect, test } from './fixtures';
import { openReplay, pauseIfPlaying, playhead, readMoments, recordTextareaSession, screenshotReplay, seekTo, waitForMoments } from './pages/replay';

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
  await panel.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(cue).toBeVisible({ timeout: 5000 });
  const shownAt = Date.now();
  await expect(cue).toContainText(cueText);
  await expect(panel.getByRole('status').filter({ hasText: cueText })).toBeVisible();
  await expect(cue).toBeHidden({ timeout: 8000 });
  const compressedMs = Date.now() - shownAt;
  expect(compressedMs).toBeLessThan(3000);
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
  console.log(`a ${seconds} s pause played in ${compressedMs} ms as a thinking cue, and in ${realMs} ms in real time`);
});
