import { adaptCssForReplay, createCache } from 'rrweb-snapshot';
import { describe, expect, it } from 'vitest';
import { adaptStylesAhead } from '@/components/player/styles-ahead';

const rrweb = (css: string) => adaptCssForReplay(css, createCache());
const SPLIT = '/* rr_split */';

describe('adaptStylesAhead fills rrweb’s cache with the texts its build asks for', () => {
  const linked = 'a:hover{color:red}';
  const inline = `b:hover{color:blue}${SPLIT}@media (max-device-width:9px){i{x:y}}`;
  const added = '.late:hover{x:y}';
  const events = [
    { type: 4, data: { href: 'https://x.example/' } },
    {
      type: 2,
      data: {
        node: {
          type: 0,
          childNodes: [
            { type: 2, tagName: 'link', attributes: { _cssText: linked }, childNodes: [] },
            { type: 2, tagName: 'style', attributes: { _cssText: inline }, childNodes: [] },
          ],
        },
      },
    },
    // A mutation that adds a style element whose text node carries the sheet.
    {
      type: 3,
      data: {
        source: 0,
        adds: [{ parentId: 1, node: { type: 2, tagName: 'style', attributes: {}, childNodes: [{ type: 3, isStyle: true, textContent: added }] } }],
      },
    },
    { type: 3, data: { source: 1, positions: [] } },
  ];

  it.each([
    ['a linked sheet', linked],
    ['a style element, its split markers removed', inline.split(SPLIT).join('')],
    ['a style element as recorded', inline],
    ['a style element that a mutation adds', added],
  ])('%s', (_name, css) => {
    const cache = createCache();
    adaptStylesAhead(events, cache);
    expect(cache.stylesWithHoverClass.get(css)).toBe(rrweb(css));
    expect(cache.stylesWithHoverClass.get(css)).not.toBe(css);
  });

  it('asks nothing of events without styles', () => {
    const cache = createCache();
    adaptStylesAhead([{ type: 3, data: { source: 2 } }, { type: 5, data: {} }], cache);
    expect(cache.stylesWithHoverClass.size).toBe(0);
  });
});
