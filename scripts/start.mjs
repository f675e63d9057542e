#!/usr/bin/env node
// `npm start`: builds the extension, serves the local demo pages, and opens Chromium with Shadowtrace loaded.
// `npm start -- --headless` does the same without a window (useful over SSH) and exits after a smoke check.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';

const headless = process.argv.includes('--headless');
const chromium = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
if (!chromium) {
  console.error('Chromium was not found. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.');
  process.exit(1);
}

const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const root = resolve('tests/fixtures/pages');
const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = join(root, path === '/' ? 'index.html' : path);
  if (!file.startsWith(root)) return res.writeHead(403).end();
  let body;
  try {
    body = await readFile(file);
  } catch {
    return res.writeHead(404).end('not found');
  }
  const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
  res.writeHead(200, { 'content-type': type }).end(body);
});
await new Promise((ok) => server.listen(Number(process.env.DEMO_PORT ?? 5858), '127.0.0.1', ok));
const demo = `http://127.0.0.1:${server.address().port}/`;
console.log(`Demo pages: ${demo}`);

// The share service, so that publishing works out of the box (data in hub/data).
const hubPort = process.env.HUB_PORT ?? '8787';
const hub = spawn('npm', ['--prefix', 'hub', 'start'], {
  stdio: headless ? 'ignore' : ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, HUB_PORT: hubPort, HUB_HOST: '127.0.0.1' },
  detached: true, // its own process group, so that stopping npm also stops the server it started
});
const stopHub = () => {
  try {
    process.kill(-hub.pid);
  } catch {
    // already gone
  }
};
console.log(`Share service: http://127.0.0.1:${hubPort} (set it in Shadowtrace's settings under "Share service").`);
console.log('In Chromium: click the Shadowtrace toolbar button, turn on "Shadowable on 127.0.0.1", choose Allow, reload, and work.');

const ext = resolve('.output/chrome-mv3');
const profile = process.env.SHADOWTRACE_PROFILE ?? mkdtempSync(join(tmpdir(), 'shadowtrace-demo-'));
const args = [
  `--user-data-dir=${profile}`,
  `--disable-extensions-except=${ext}`,
  `--load-extension=${ext}`,
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ...(headless ? ['--headless', '--disable-gpu', '--dump-dom'] : []),
  demo,
];
const browser = spawn(chromium, args, { stdio: headless ? ['ignore', 'pipe', 'ignore'] : 'inherit' });
if (headless) {
  let dom = '';
  browser.stdout.on('data', (d) => (dom += d));
  browser.on('exit', () => {
    server.close();
    stopHub();
    const ok = dom.includes('Shadowtrace demo');
    console.log(ok ? 'Smoke check passed: the extension built and Chromium opened the demo page with it.' : 'Smoke check failed.');
    process.exit(ok ? 0 : 1);
  });
} else {
  browser.on('exit', () => {
    server.close();
    stopHub();
    process.exit(0);
  });
}
