/**
 * Helpers for the web viewer's story: the share service started as its own process (as `npm run hub` would start it,
 * on 127.0.0.1 at a random port, with a temporary data folder), and a page object for /s/<id>.
 */
import { expect, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HUB = path.join(ROOT, 'hub');

export interface HubProcess {
  url: string;
  dataDir: string;
  /** Moves a link's expiry into the past, as the author's own expiry change would (time passing, in effect). */
  expire(id: string): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the web viewer if it is missing or older than its sources, then starts the hub as a child process. */
export async function startHub(env: Record<string, string> = {}): Promise<HubProcess> {
  await promisify(execFile)(process.execPath, [path.join(HUB, 'scripts/build-viewer.mjs'), '--if-stale'], { cwd: HUB });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'shadowtrace-hub-e2e-'));
  const child: ChildProcess = spawn(path.join(HUB, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: HUB,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HUB_HOST: '127.0.0.1',
      HUB_PORT: '0',
      HUB_DATA_DIR: dataDir,
      HUB_SWEEP_INTERVAL_MINUTES: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    async expire(id) {
      await writeFile(
        path.join(dataDir, 'links', id, 'expiry.json'),
        JSON.stringify({ expiresAt: new Date(Date.now() - 60_000).toISOString(), updatedAt: new Date().toISOString() }),
      );
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The viewer page at /s/<id>, as a mentee sees it. */
export class WebViewer {
  readonly replay: FrameLocator;
  readonly replayFrame: Locator;
  readonly problem: Locator;
  readonly title: Locator;
  readonly scrubber: Locator;
  readonly clock: Locator;
  readonly marks: Locator;
  readonly question: Locator;
  readonly thread: Locator;

  constructor(readonly page: Page) {
    this.replayFrame = page.locator('#replay-stage iframe');
    this.replay = page.frameLocator('#replay-stage iframe');
    this.problem = page.getByRole('alert');
    this.title = page.locator('#clip-title');
    this.scrubber = page.getByRole('slider', { name: 'Position in the clip' });
    this.clock = page.locator('#clock');
    this.marks = page.locator('#marks');
    this.question = page.getByLabel('Ask the author about this moment');
    this.thread = page.locator('#thread');
  }

  /** Opens a link as a fresh page load (the same link again, or one that differs only in its fragment, included). */
  async open(link: string): Promise<void> {
    if (this.page.url() !== 'about:blank') await this.page.goto('about:blank');
    await this.page.goto(link);
  }

  /** Waits until the clip is on screen (and so was decrypted and checked whole). */
  async ready(): Promise<void> {
    await expect(this.page.locator('#clip')).toBeVisible();
    await expect(this.problem).toBeHidden();
  }

  /** Waits for the one failure message, and checks that nothing of the clip rendered. */
  async failed(code: string): Promise<{ title: string; text: string }> {
    await expect(this.problem).toBeVisible();
    await expect(this.problem).toHaveAttribute('data-code', code);
    // Nothing of the clip: its part of the page stays hidden (ended links' pages do not even have it), no replay frame.
    await expect(this.page.locator('#clip')).toBeHidden();
    await expect(this.replayFrame).toHaveCount(0);
    return {
      title: (await this.page.locator('#problem-title').textContent()) ?? '',
      text: (await this.page.locator('#problem-text').textContent()) ?? '',
    };
  }

  async seek(ms: number): Promise<void> {
    await this.scrubber.fill(String(Math.round(ms)));
  }

  mark(text: string): Locator {
    return this.marks.getByRole('listitem').filter({ hasText: text });
  }

  async ask(text: string): Promise<void> {
    await this.question.fill(text);
    await this.page.getByRole('button', { name: /^Ask at / }).click();
    await expect(this.page.locator('#ask-status')).toContainText('Asked at');
  }

  questionItem(text: string): Locator {
    return this.thread.locator('li.question').filter({ hasText: text });
  }
}
