import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { readAssets, readChunks, waitForStored } from './pages/store';

const SECRETS = {
  password: 'Hunter2-Secret!',
  revealed: 'Zq9PlainlyShown',
  card: '4242424242424242',
  otp: '91827364',
  privateNote: 'my-private-note-xyz',
};

test('a password, a card number, a one-time code and a private field appear in no stored byte', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/login.html');
  await page.locator('#user').pressSequentially('ada', { delay: 10 });
  await page.locator('#password').pressSequentially(SECRETS.password, { delay: 10 });
  // "Show password" turns the field into plain text; it must stay secret.
  await page.locator('#show').click();
  await page.locator('#password').pressSequentially(SECRETS.revealed, { delay: 10 });
  await page.locator('#card').pressSequentially(SECRETS.card, { delay: 10 });
  await page.locator('#otp').pressSequentially(SECRETS.otp, { delay: 10 });
  await page.locator('#private-note').pressSequentially(SECRETS.privateNote, { delay: 10 });
  await page.locator('#notes').pressSequentially('visible notes', { delay: 10 });
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  const { traceId } = await waitForStored(panel, 'Checkout', 'visible notes');
  const chunks = await readChunks(panel, traceId);
  // Styles and images are stored apart from the chunks, once per site (lib/asset-store.ts): every one is searched.
  const assets = await readAssets(panel);
  expect(assets.length).toBeGreaterThan(0); // the page's stylesheet
  const stored = [...chunks, ...assets].map((c) => c.text + c.raw).join('\n');
  expect(stored).toContain('ada'); // ordinary fields are kept
  for (const secret of Object.values(SECRETS)) {
    expect(stored).not.toContain(secret);
    // Not even a prefix, as one input event per keystroke would leave (digits are left out: timestamps
    // are full of short digit runs).
    if (/\D/.test(secret)) expect(stored).not.toContain(secret.slice(0, 5));
  }
  // No masked lengths: no run of mask characters as long as a secret.
  expect(stored).not.toMatch(/\*{6,}/);
});
