import { expect, test } from './fixtures';
import { openOnShadowableSite } from './pages/options';
import { customEvents, readAssets, readChunks, waitForStored } from './pages/store';
import { CUSTOM, EventType } from '../../lib/trace-events';
import type { visitSnapshot } from 'rrweb-snapshot';

/** A node of a full snapshot, as rrweb-snapshot types it. */
type SnapshotNode = Parameters<typeof visitSnapshot>[0];

/** The rrweb id of the first element in a full snapshot that `is` picks, or -1. */
function findId(node: SnapshotNode, is: (node: SnapshotNode) => boolean): number {
  if (is(node)) return node.id;
  for (const child of 'childNodes' in node ? node.childNodes : []) {
    const found = findId(child, is);
    if (found >= 0) return found;
  }
  return -1;
}

// What the page writes into its settings panel once the panel is marked private (tests/fixtures/pages/private-later.js).
// Inside the panel's web component and same-origin frame too, and what the senior types into the component's field.
// Beside the panel, a recovery code private from the start and a note marked private later, each carrying a class and
// no other attribute; and the same pair marked with rrweb's own block class.
const SECRETS = [
  'REVEALED_4f9a', 'REVEALED_HINT_77c1', 'ADDED_0b3e', 'ROTATED_91d2', 'ROTATED_HINT_5e0f', 'SHADOW_6a1c', 'FRAME_3d7e',
  'LABEL_8b2f', 'RECOVERY_5c2b', 'NOTE_2e8d', 'NOTE_ROTATED_c41a', 'BACKUP_7d1e', 'MEMO_4b7c', 'MEMO_TITLE_2a9b',
];

test('text, attributes, children and pixels written into an element after the site marks it private appear in no stored byte', async ({
  extPage,
  context,
  server,
}) => {
  const page = await openOnShadowableSite(extPage, context, server, '/private-later.html');
  // The panel was public when the page loaded: its content is in the first snapshot.
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Show key' }).click();
  await expect(page.locator('#key')).toHaveText('sk_live_REVEALED_4f9a');
  await expect(page.locator('#shadow-key')).toHaveText('sk_live_SHADOW_6a1c');
  await page.getByRole('textbox', { name: 'Key label' }).pressSequentially('LABEL_8b2f', { delay: 10 });
  // Long enough for a canvas frame: one is kept once a picture has stayed for half a second.
  await page.waitForTimeout(1200);
  await page.getByRole('button', { name: 'Rotate key' }).click();
  await expect(page.locator('#status')).toHaveText('Key rotated');
  await page.close({ runBeforeUnload: true });

  const panel = await extPage('sidepanel.html');
  // The status line outside the panel changed last: once it is stored, everything before it is too.
  const { traceId, events: storedEvents } = await waitForStored(panel, 'API keys', 'Key rotated');
  const events = JSON.stringify(storedEvents);
  // Canvas pixels: the public chart is kept, the signature pad (private from the start) and the QR code drawn
  // into the private panel are not.
  const snapshot = storedEvents.flatMap((e) => (e.type === EventType.FullSnapshot ? [e.data.node] : []))[0]!;
  const idOf = (elementId: string) => findId(snapshot, (n) => 'attributes' in n && n.attributes.id === elementId);
  // A private element is kept as an empty box of its size, without its other attributes.
  const signature = findId(snapshot, (n) => 'tagName' in n && n.tagName === 'canvas' && n.attributes.class === 'fs-exclude');
  const framed = new Set(customEvents(storedEvents, CUSTOM.canvasFrame).map((e) => e.payload.target));
  expect(framed.has(idOf('chart'))).toBe(true);
  expect(idOf('qr')).toBeGreaterThan(0);
  expect(signature).toBeGreaterThan(0);
  expect(framed.has(signature)).toBe(false);
  expect(framed.has(idOf('qr'))).toBe(false);
  expect(events).toContain('hidden'); // the panel as it was while public
  expect(events).toContain('none yet'); // the note as it was while public
  expect(events).toContain('Memo: empty'); // and the memo
  expect(events).toContain('Key shown');
  const stored = [...(await readChunks(panel, traceId)), ...(await readAssets(panel))].map((c) => c.text + c.raw).join('\n');
  for (const secret of SECRETS) {
    expect(events).not.toContain(secret);
    expect(stored).not.toContain(secret);
  }
});
