/**
 * Sharing in end-to-end tests: the share service (hub/src) started in-process on 127.0.0.1 with a temporary disk
 * store and a clock the test can move (as tests/unit/share-client-hub.test.ts does), and the steps a person takes
 * in the extension's pages to set it up, record, clip and publish.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestHub {
  url: string;
  /** Moves the hub's clock (expiry). */
  advance(ms: number): void;
  /** The ciphertext the hub stores for a link, read over its API as anyone with the id could. */
  download(id: string): Promise<Uint8Array>;
  close(): Promise<void>;
}

interface HubSupport {
  startHub(store: unknown, clock: { now: () => number }, overrides?: Record<string, unknown>): Promise<{ url: string; close(): Promise<void> }>;
}

const HUB = path.resolve('hub');

export async function startTestHub(overrides: Record<string, unknown> = {}): Promise<TestHub> {
  // Imported by path at run time: the hub is its own package, with its own node_modules and tsconfig.
  const support = (await import(/* @vite-ignore */ path.join(HUB, 'tests/support/hub.ts'))) as HubSupport;
  const stores = (await import(/* @vite-ignore */ path.join(HUB, 'src/store/index.ts'))) as { DiskStore: new (dir: string) => unknown };
  const dir = await mkdtemp(path.join(tmpdir(), 'shadowtrace-hub-'));
  // Real time, which the test can move ahead (so that questions and answers get distinct times, as in life).
  const clock = { offset: 0, now: () => Date.now() + clock.offset };
  const hub = await support.startHub(new stores.DiskStore(dir), clock, overrides);
  return {
    url: hub.url,
    advance: (ms) => (clock.offset += ms),
    download: async (id) => {
      const res = await fetch(`${hub.url}/api/v1/links/${id}`);
      if (res.status !== 200) throw new Error(`download ${id}: ${res.status}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    close: async () => {
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Sets the share service on the options page, as a person would (the test build already grants loopback). */
export async function setShareService(extPage: (path: string) => Promise<Page>, url: string): Promise<void> {
  const options = await extPage('options.html');
  await options.getByRole('textbox', { name: 'Share service URL' }).fill(url);
  await options.getByRole('button', { name: 'Save share service' }).click();
  await options.getByText(`Saved. The share service at ${url} answers.`).waitFor();
  await options.close();
}

/** The trace link's parts (the key stays in the test: the hub never sees it). */
export function partsOf(link: string): { id: string; key: string } {
  const m = /\/s\/([A-Za-z0-9_-]{22})#k=([A-Za-z0-9_-]{43})$/.exec(link);
  if (!m) throw new Error(`not a trace link: ${link}`);
  return { id: m[1]!, key: m[2]! };
}

/** Opens a page of the extension in another browser profile. */
export async function extensionPage(context: BrowserContext, extensionId: string, pagePath: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/${pagePath}`);
  return page;
}

/** From the library: the trace's replay, then "Clip…"; waits for the editor's replay. */
export async function openClipEditor(panel: Page, traceTitle: string): Promise<void> {
  await panel.getByRole('button', { name: `Replay ${traceTitle}` }).click();
  await panel.getByRole('button', { name: 'Clip…' }).click();
  await panel.getByRole('region', { name: 'Replay to clip' }).locator('iframe').waitFor();
}

/** Moves the clip editor's playhead to `ms` after the trace's start. */
export async function seekEditor(panel: Page, ms: number): Promise<void> {
  await panel.getByRole('slider', { name: 'Playhead' }).fill(String(Math.round(ms)));
}

/**
 * Clicks, in the replay, the element `selector` of the replayed page (picking, as a person points at it), near its
 * top right corner, inside its padding, so that the point is on the element itself and not on a child.
 */
export async function pickInReplay(panel: Page, selector: string): Promise<void> {
  await panel.locator('.stage-player .player-frame').scrollIntoViewIfNeeded();
  const point = await panel.evaluate((sel) => {
    const frame = document.querySelector('.stage-player iframe') as HTMLIFrameElement;
    const el = frame.contentDocument!.querySelector(sel)!;
    const r = el.getBoundingClientRect();
    const f = frame.getBoundingClientRect();
    const scale = f.width / frame.offsetWidth;
    return { x: f.left + (r.right - 3) * scale, y: f.top + (r.top + 3) * scale };
  }, selector);
  await panel.mouse.move(point.x, point.y);
  await panel.mouse.click(point.x, point.y);
}

/** Publish in the clip editor; resolves to the link it shows (and copies). */
export async function publishClip(panel: Page): Promise<string> {
  await panel.getByRole('button', { name: 'Publish', exact: true }).click();
  const field = panel.getByRole('textbox', { name: 'Published link' });
  await field.waitFor({ timeout: 30_000 });
  return field.inputValue();
}

/** What the badge says, read from an extension page. */
export async function badgeTextOf(page: Page): Promise<string> {
  return page.evaluate(() => chrome.action.getBadgeText({}));
}
