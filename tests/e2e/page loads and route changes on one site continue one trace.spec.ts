import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { CUSTOM } from '../../lib/trace-events';
import { customEvents, readEvents, readTraces, typedTexts } from './pages/store';

test('route changes and full page loads within a site continue one trace and leave navigation moments', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/spa.html');
  await page.getByRole('link', { name: 'Issues' }).click();
  await expect(page).toHaveURL(/\?issues$/);
  await page.getByRole('link', { name: 'A full page load on the same site' }).click();
  await page.locator('#reply').pressSequentially('after the load', { delay: 5 });
  // Leaving the site ends the trace.
  await page.goto(server.url('/textarea.html').replace('127.0.0.1', 'localhost'));

  const panel = await extPage('sidepanel.html');
  await expect.poll(async () => (await readTraces(panel)).map((t) => `${t.status}:${t.pages}`)).toEqual(['ended:2']);
  const trace = (await readTraces(panel))[0]!;
  // The second page's last batch leaves in its pagehide, as the tab already loads the next site.
  await expect
    .poll(async () =>
      customEvents(await readEvents(panel, trace.id), CUSTOM.navigation).map(({ payload }) => {
        const url = new URL(payload.url);
        return `${payload.kind} ${url.pathname}${url.search}`;
      }),
    )
    .toEqual(['load /spa.html', 'push /spa.html?issues', 'load /textarea.html']);
  const typed = typedTexts(await readEvents(panel, trace.id));
  expect(typed.at(-1)?.text).toBe('after the load');
});
