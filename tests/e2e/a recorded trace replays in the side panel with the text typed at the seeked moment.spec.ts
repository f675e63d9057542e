import { expect, test } from './fixtures';
import { wholeTraceLoaded } from './pages/replay';
import { makeShadowable } from './pages/options';
import { readEvents, readTraces } from './pages/store';

test('a recorded trace replays in the side panel with the text typed at the seeked moment, and nothing leaves the page', async ({
  extPage,
  context,
  server,
}, testInfo) => {
  const options = await extPage('options.html');
  await makeShadowable(options, '127.0.0.1');

  // Record: the senior types a reply. The page also references outside resources, which a replay must never load.
  const page = await context.newPage();
  await page.goto(server.url('/textarea.html'));
  await page.evaluate((origin) => {
    const img = document.createElement('img');
    img.src = `${origin}/tracking-pixel.png`;
    img.setAttribute('onerror', 'window.parent.postMessage("script ran", "*")');
    const styled = document.createElement('div');
    styled.style.backgroundImage = `url(${origin}/background.png)`;
    styled.textContent = 'styled';
    document.body.append(img, styled);
  }, server.origin);
  const box = page.locator('#reply');
  await box.click();
  await box.pressSequentially('Hello world', { delay: 40 });
  await page.waitForTimeout(300);
  await box.pressSequentially(', again', { delay: 40 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  await expect
    .poll(async () => (await readEvents(panel, (await readTraces(panel))[0]?.id ?? '')).filter((e) => e.type === 3 && e.data.source === 5).length)
    .toBeGreaterThanOrEqual('Hello world, again'.length);
  const trace = (await readTraces(panel)).find((t) => t.site === '127.0.0.1')!;
  const events = await readEvents(panel, trace.id);
  const typedAt = (text: string) => events.find((e) => e.type === 3 && e.data.source === 5 && e.data.text === text)!.timestamp;
  const start = events[0]!.timestamp;
  // The trace does hold the outside references: the replay has something to refuse.
  expect(JSON.stringify(events)).toContain(`${server.origin}/tracking-pixel.png`);

  // From here on, nothing may leave the side panel page or its replay frame.
  const outside: string[] = [];
  const refused: string[] = [];
  panel.on('request', (r) => {
    if (/^https?:/i.test(r.url())) outside.push(r.url());
  });
  panel.on('console', (m) => {
    if (/Refused to|Content Security Policy/i.test(m.text())) refused.push(m.text());
  });

  await panel.getByRole('button', { name: `Replay ${trace.title}` }).click();
  await wholeTraceLoaded(panel);
  const replay = panel.getByRole('region', { name: 'Replay' });
  const frame = replay.locator('iframe');
  await expect(frame).toHaveAttribute('sandbox', 'allow-same-origin');
  const seekTo = async (t: number) => panel.getByRole('slider', { name: 'Playhead' }).fill(String(t - start));
  const textarea = panel.frameLocator('.player-stage iframe').locator('textarea');

  const t0 = Date.now();
  await seekTo(typedAt('Hello w'));
  await expect(textarea).toHaveValue('Hello w');
  const firstSeekMs = Date.now() - t0;

  // Back and forth: each seek shows exactly what had been typed by then. A backward seek replays from the full
  // snapshot, diffed into the page on screen: the textarea stays the same element, marked here to tell.
  await textarea.evaluate((el) => ((el as unknown as { marked: boolean }).marked = true));
  for (const text of ['Hello world', 'Hel', 'Hello world, again', 'Hello world, a']) {
    await seekTo(typedAt(text));
    await expect(textarea).toHaveValue(text);
  }
  // Back to the snapshot itself, before the first keystroke: the field the replay typed into is empty again.
  await seekTo(events.find((e) => e.type === 2)!.timestamp);
  await expect(textarea).toHaveValue('');
  await seekTo(typedAt('Hello world, a'));
  await expect(textarea).toHaveValue('Hello world, a');
  expect(await textarea.evaluate((el) => (el as unknown as { marked?: boolean }).marked)).toBe(true);
  await expect(panel.locator('.player')).toHaveAttribute('data-playhead', String(typedAt('Hello world, a')));

  // Keyboard: space plays to the end, where the whole reply is.
  await panel.locator('.player-scrubber').focus();
  await panel.keyboard.press('Space');
  await expect(panel.getByRole('button', { name: 'Pause' })).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Play' })).toBeVisible({ timeout: 15_000 });
  await expect(textarea).toHaveValue('Hello world, again');
  // Arrow left goes back five seconds (at most to the start).
  await panel.keyboard.press('ArrowLeft');
  await expect(panel.locator('.player')).not.toHaveAttribute('data-playhead', String(trace.endedAt));

  // The recorded outside references are in the replay, but inert.
  const frameEl = panel.frameLocator('.player-stage iframe');
  await expect(frameEl.getByText('styled')).toBeVisible();
  await expect(frameEl.locator('img')).not.toHaveAttribute('src', /.+/);
  await expect(frameEl.locator('img')).not.toHaveAttribute('onerror', /.*/);
  expect(outside).toEqual([]);
  expect(refused).toEqual([]);

  // Screenshots for a person to look at: the panel's narrowest and widest.
  for (const width of [360, 700]) {
    await panel.setViewportSize({ width, height: 800 });
    await panel.screenshot({ path: testInfo.outputPath(`replay-${width}px.png`) });
  }

  await panel.getByRole('button', { name: 'Back to traces' }).click();
  await expect(panel.getByRole('list', { name: 'Traces' })).toContainText('Draft a reply');
  console.log(`first seek to typed text shown in ${firstSeekMs} ms`);
});
