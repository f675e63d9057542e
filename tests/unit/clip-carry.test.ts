import { describe, expect, it } from 'vitest';
import { absolutizeCss, carryResources, replaceUrls, resourcesOf, type Fetcher } from '@/lib/clip/carry';

const IMG = 'https://site.test/a.png';
const BG = 'https://cdn.test/bg.webp?v=2';
const CSS = 'https://cdn.test/app.css';

const snapshot = {
  type: 2,
  timestamp: 1,
  data: {
    node: {
      type: 0,
      childNodes: [
        { type: 2, tagName: 'link', attributes: { rel: 'stylesheet', href: CSS }, childNodes: [] },
        { type: 2, tagName: 'style', attributes: {}, childNodes: [{ type: 3, textContent: `.b{background:url("${BG}")}`, isStyle: true }] },
        { type: 2, tagName: 'img', attributes: { src: IMG, alt: 'x' }, childNodes: [] },
        { type: 2, tagName: 'a', attributes: { href: 'https://site.test/page' }, childNodes: [] },
      ],
    },
  },
};

const fetcher =
  (table: Record<string, Awaited<ReturnType<Fetcher>>>): Fetcher =>
  async (url) =>
    table[url] ?? { error: 'no access' };

describe('carrying what a clip shows', () => {
  it('finds images, CSS backgrounds and unreadable stylesheets, and not links to pages', () => {
    const found = resourcesOf([snapshot]);
    expect(found.assets.sort()).toEqual([BG, IMG].sort());
    expect(found.stylesheets).toEqual([CSS]);
  });

  it('carries them as data URLs and inline CSS, and says what it left out', async () => {
    const { events, report } = await carryResources(
      [snapshot],
      fetcher({
        [IMG]: { kind: 'data-url', body: 'data:image/png;base64,AAAA' },
        [CSS]: { kind: 'css', body: '.logo{background:url(logo.png)}' },
      }),
    );
    const text = JSON.stringify(events);
    expect(text).toContain('"src":"data:image/png;base64,AAAA"');
    expect(text).not.toContain(IMG);
    expect(text).toContain('"_cssText":".logo{background:url(https://cdn.test/logo.png)}"');
    expect(text).not.toContain(`"href":"${CSS}"`);
    expect(text).toContain('https://site.test/page'); // a link is not a resource
    expect(report.carried).toBe(2);
    expect(report.skipped.map((s) => s.url).sort()).toEqual([BG, 'https://cdn.test/logo.png'].sort());
  });

  it.each([
    ['each resource', { maxResources: 10, maxBytesEach: 10, maxBytesTotal: 1000 }, 0],
    ['the whole clip', { maxResources: 10, maxBytesEach: 1000, maxBytesTotal: 60 }, 1],
    ['the number of resources', { maxResources: 1, maxBytesEach: 1000, maxBytesTotal: 1000 }, 1],
  ])('keeps to its limit on %s', async (_name, limits, carried) => {
    const body = 'data:image/png;base64,' + 'A'.repeat(20);
    const { report } = await carryResources([snapshot], fetcher({ [IMG]: { kind: 'data-url', body }, [BG]: { kind: 'data-url', body } }), limits);
    expect(report.carried).toBe(carried);
  });

  it('replaces the longest URL first, so no URL clobbers another that it prefixes', () => {
    const map = new Map([
      ['https://a.test/x.png', 'data:1'],
      ['https://a.test/x.png?v=2', 'data:2'],
    ]);
    expect(replaceUrls('"https://a.test/x.png?v=2" "https://a.test/x.png"', map)).toBe('"data:2" "data:1"');
  });

  it.each([
    ['url(img/a.png)', 'url(https://cdn.test/css/img/a.png)'],
    ["url('../b.png')", "url('https://cdn.test/b.png')"],
    ['url(data:image/png;base64,AA)', 'url(data:image/png;base64,AA)'],
    ['url(#grad)', 'url(#grad)'],
  ])('a stylesheet’s %s is relative to the stylesheet', (css, out) => {
    expect(absolutizeCss(css, 'https://cdn.test/css/app.css')).toBe(out);
  });
});
