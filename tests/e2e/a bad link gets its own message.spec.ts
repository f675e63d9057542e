/**
 * A mentee pastes links that cannot be watched: each failure has its own message (the sharing core's words), and
 * nothing of the clip renders. The clips are published from the test itself (lib/clip, lib/bundle and the share
 * client in Node) to a share service the test started, then spoiled in the ways links and services go wrong.
 */
import { BundleError, bundleFromClip, encodeBundle, generateKey } from '../../lib/bundle';
import { clipEvents } from '../../lib/clip';
import { publishBundle, shareMessage, ShareClient } from '../../lib/share-client';
import { LinkError } from '../../lib/share-link';
import { END, MOMENTS, NOTES, privacyTrace, REDACTIONS, START } from '../unit/clip-trace';
import { expect, test } from './fixtures';
import { startTestHub, type TestHub } from './pages/share';

let hub: TestHub;
test.beforeAll(async () => {
  hub = await startTestHub();
});
test.afterAll(async () => {
  await hub?.close();
});

function bundle() {
  const clip = clipEvents(privacyTrace(), { start: START, end: END }, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES });
  return bundleFromClip(clip, { title: 'A clip to spoil' });
}

test('a bad link gets its own message: tampered, truncated, wrong key, expired, revoked, service down, mangled', async ({ extPage }) => {
  const t0 = Date.now();
  const client = new ShareClient({ service: hub.url });
  const { bytes, key } = await encodeBundle(bundle());

  const tamperedBytes = bytes.slice();
  const flip = tamperedBytes.length - 20;
  tamperedBytes[flip] = tamperedBytes[flip]! ^ 0x01;
  const tampered = await client.upload(tamperedBytes);
  const truncated = await client.upload(bytes.slice(0, bytes.length - 100));
  const good = await client.upload(bytes);
  const expiring = await publishBundle(client, bundle(), { expiry: { expiresIn: 120 } });
  const revoked = await publishBundle(client, bundle());
  await client.revoke(revoked.id, revoked.revokeToken);
  const revokedAt = (await client.stats(revoked.id, revoked.revokeToken)).revokedAt;
  hub.advance(10 * 60 * 1000); // the expiring link is now 8 minutes past its end
  const expiredAt = (await client.stats(expiring.id, expiring.revokeToken)).expiresAt;

  // A service that is down: a hub that listened on a port and stopped.
  const gone = await startTestHub();
  const downLink = client.linkFor(good.id, key).replace(hub.url, gone.url);
  await gone.close();

  const cases: { name: string; link: string; code: string; message: string }[] = [
    { name: 'tampered', link: client.linkFor(tampered.id, key), code: 'tampered', message: new BundleError('tampered').message },
    { name: 'truncated', link: client.linkFor(truncated.id, key), code: 'truncated', message: new BundleError('truncated').message },
    { name: 'wrong key', link: client.linkFor(good.id, generateKey()), code: 'wrong_key', message: new BundleError('wrong_key').message },
    { name: 'expired', link: expiring.link, code: 'link_expired', message: shareMessage('link_expired', { expiredAt }) },
    { name: 'revoked', link: revoked.link, code: 'link_revoked', message: shareMessage('link_revoked', { revokedAt }) },
    { name: 'service down', link: downLink, code: 'unreachable', message: shareMessage('unreachable') },
    { name: 'key cut off', link: client.linkFor(good.id, key).replace(/#k=.*$/, ''), code: 'missing_key', message: new LinkError('missing_key').message },
  ];

  const panel = await extPage('sidepanel.html');
  for (const c of cases) {
    await panel.getByRole('textbox', { name: 'Shared link' }).fill(c.link);
    await panel.getByRole('button', { name: 'Open', exact: true }).click();
    const alert = panel.getByRole('alert');
    await expect(alert, c.name).toHaveText(c.message);
    await expect(alert, c.name).toHaveAttribute('data-error', c.code);
    // Nothing partial: no replay, no notes, no question box.
    await expect(panel.getByRole('region', { name: 'Shared clip replay' }), c.name).toHaveCount(0);
    await expect(panel.locator('iframe'), c.name).toHaveCount(0);
    await expect(panel.getByRole('textbox', { name: 'Question' }), c.name).toHaveCount(0);
    await panel.getByRole('button', { name: 'Back to traces' }).click();
  }
  // The same service, link and key, working: the failures above were each link's own.
  await panel.getByRole('textbox', { name: 'Shared link' }).fill(client.linkFor(good.id, key));
  await panel.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(panel.getByRole('heading', { name: 'A clip to spoil' })).toBeVisible();
  await expect(panel.getByRole('region', { name: 'Shared clip replay' }).locator('iframe')).toHaveAttribute('sandbox', 'allow-same-origin');
  console.log(`${cases.length} bad links checked in ${Date.now() - t0} ms`);
});
