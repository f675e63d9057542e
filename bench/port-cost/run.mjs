/**
 * What one `postMessage` on an extension port costs the page's main thread, by the size of the message
 * (bench/README.md, the pipe): `node bench/port-cost/run.mjs [case ...]`, a case being `none 0`, `one <chars>`
 * or `two <chars>` (one- or two-byte text), with ` wrapped` to send it inside a piece's object. Each case posts
 * 100 messages, one per task, three rounds in turn; printed is the page's thread time per task over that of
 * empty tasks (the best of the rounds). `--quick` (CI: that it still runs) posts 20 of two sizes, once.
 */
import { chromium } from '@playwright/test';
import http from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const extension = fileURLToPath(new URL('./extension', import.meta.url));
const DEFAULT_CASES = ['none 0', 'one 1000', 'one 64000', 'one 66000', 'one 96000', 'two 1000', 'two 30000', 'two 32500', 'two 33500', 'two 48000', 'two 96000'];
const QUICK = process.argv.includes('--quick');
const named = process.argv.slice(2).filter((a) => a !== '--quick');
const cases = named.length > 0 ? named : QUICK ? ['one 1000', 'two 33500'] : DEFAULT_CASES;
if (!cases.includes('none 0')) cases.unshift('none 0');
const COUNT = QUICK ? 20 : 100;
const ROUNDS = QUICK ? 1 : 3;

const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<title>page</title>')).listen(0);
const url = `http://localhost:${server.address().port}/`;
const context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'port-cost-')), {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [`--disable-extensions-except=${extension}`, `--load-extension=${extension}`, '--no-sandbox', '--disable-gpu'],
});
try {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 15000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const threadMs = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ThreadTime').value * 1000;
  const perTask = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of cases) {
      const [kind, chars, wrapped] = c.split(' ');
      const job = JSON.stringify([kind, Number(chars), COUNT, wrapped === 'wrapped']);
      await page.evaluate((j) => {
        document.documentElement.dataset.job = j;
        window.dispatchEvent(new Event('port-cost:prepare'));
      }, job);
      await page.waitForFunction(() => document.title === 'prepared');
      const before = await threadMs();
      await page.evaluate(() => window.dispatchEvent(new Event('port-cost:post')));
      await page.waitForFunction(() => document.title === 'done', null, { polling: 200 });
      (perTask[c] ??= []).push(((await threadMs()) - before) / COUNT);
    }
  }
  const empty = Math.min(...perTask['none 0']);
  for (const c of cases) {
    if (c === 'none 0') continue;
    const ms = Math.min(...perTask[c]) - empty;
    const chars = Number(c.split(' ')[1]);
    console.log(`${c.padEnd(18)} ${(ms * 1000).toFixed(0).padStart(5)} µs a post   ${((ms / chars) * 1e6).toFixed(1).padStart(6)} ms per million characters`);
  }
} finally {
  await context.close();
  server.close();
}
