/** The scripted sessions: what a person does in each editor, with the moments it truly contains. */
import type { Page } from '@playwright/test';
import { Driver, rng } from './driver';

export interface SessionSpec {
  name: string;
  path: string;
  ready: (page: Page) => Promise<void>;
  run: (d: Driver) => Promise<void>;
}

const SENTENCES = [
  'The retry loop should back off exponentially',
  'We keep the old flag until the migration lands',
  'Tests cover the empty list and the full disk',
  'Rename the handler so it says what it waits for',
];

/** One writing session in a text editor: bursts, pauses near and far from the threshold, revisions, undo, redo, and an abandoned draft. */
function writing(redoKeys: string) {
  return async (d: Driver) => {
    const pick = () => SENTENCES[Math.floor(d.random01() * SENTENCES.length)]!;
    await d.type(pick());
    await d.pause(2700 + d.random01() * 700); // just past the threshold
    await d.type(' and');
    await d.hesitate();
    await d.type(` ${pick().toLowerCase()}`);
    await d.erase(3 + Math.floor(d.random01() * 5));
    await d.type('ing soon');
    await d.pause(4200 + d.random01() * 2500); // far past it
    await d.type('. Then ship it');
    await d.wait(900); // editors group typing into undo steps by time
    await d.history('undo', 1, 'Control+Z');
    await d.wait(600);
    await d.history('redo', 1, redoKeys);
    await d.pause(1600 + d.random01() * 700); // near the threshold: either answer is right
    await d.type('!');
    await d.pause(3000 + d.random01() * 1000);
    await d.abandonAll();
  };
}

export function sessions(): SessionSpec[] {
  const focus = (selector: string) => async (page: Page) => {
    await page.locator(selector).first().click();
  };
  return [
    { name: 'textarea', path: '/textarea.html', ready: focus('#reply'), run: writing('Control+Shift+Z') },
    { name: 'contenteditable', path: '/bench/contenteditable.html', ready: focus('#note'), run: writing('Control+Shift+Z') },
    {
      name: 'codemirror',
      path: '/bench/codemirror.html?lines=80',
      ready: async (page) => {
        await page.locator('.cm-content').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
      },
      run: writing('Control+Shift+Z'),
    },
    {
      name: 'monaco',
      path: '/bench/monaco.html?lines=80',
      ready: async (page) => {
        await page.waitForFunction(() => (window as unknown as { __ready?: boolean }).__ready === true);
        await page.locator('.monaco-editor .view-lines').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
      },
      run: writing('Control+Y'),
    },
    {
      name: 'canvas',
      path: '/bench/canvas.html',
      ready: async (page) => {
        await page.locator('#sketch').hover();
      },
      run: async (d) => {
        const box = async (x: number, y: number) => {
          const canvas = (await d.page.locator('#sketch').boundingBox())!;
          await d.page.mouse.move(canvas.x + x, canvas.y + y);
          await d.page.mouse.down();
          await d.page.mouse.move(canvas.x + x + 60, canvas.y + y + 40, { steps: 5 });
          await d.page.mouse.up();
          await d.wait(300 + d.random01() * 400);
        };
        await box(20, 20);
        await box(120, 60);
        await box(220, 120);
        await d.history('undo', 2, 'Control+Z');
        await d.pause(2500);
        await d.click('Redo', 'redo', 1);
        await d.pause(2500);
        await box(300, 200);
        await d.click('Undo', 'undo', 1);
        await d.wait(500);
      },
    },
  ];
}

export { Driver, rng };
