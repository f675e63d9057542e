import { chromium } from '@playwright/test';
import { rolldown } from 'rolldown';
const build = await rolldown({ input: 'tests/fixtures/pages/editors/harness.ts', platform: 'browser', logLevel: 'silent' });
const { output } = await build.generate({ format: 'iife', minify: true, charset: 'ascii' } as any);
const code = output[0].code;
console.log(code.length, /[^\x00-\x7f]/.test(code));
const context = await chromium.launchPersistentContext('', { executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
await context.addInitScript({ content: code });
const page = await context.newPage();
page.on('pageerror', (m) => console.log('err', m.message));
await page.setContent('<p>hi</p><textarea></textarea>');
await page.click('textarea'); await page.keyboard.type('abc');
console.log(await page.evaluate(() => (window as any).__trace?.events.length));
await context.close();
