/** Recorded-like events of a page with large inlined styles and an inlined image, for the asset store's tests. */

export const BIG_CSS = Array.from({ length: 200 }, (_, i) => `.c${i} > .d{color:#${(i * 4099).toString(16).padStart(6, '0').slice(-6)};margin:${i % 9}px}`).join('\n');
export const LINK_CSS = Array.from({ length: 120 }, (_, i) => `.l${i}:hover{background:var(--c-${i})}`).join('/* rr_split */');
export const IMAGE = `data:image/png;base64,${'iVBORw0KGgo'.repeat(300)}`;

/** A full snapshot whose node ids start at `firstId` and follow document order, as rrweb numbers them. */
export function fullSnapshot(t: number, firstId: number, { css = BIG_CSS, text = 'hello' } = {}) {
  let id = firstId;
  const next = () => id++;
  const node = {
    type: 0,
    id: next(),
    childNodes: [
      { type: 1, name: 'html', publicId: '', systemId: '', id: next() },
      {
        type: 2,
        tagName: 'html',
        attributes: { lang: 'en' },
        id: next(),
        childNodes: [
          {
            type: 2,
            tagName: 'head',
            attributes: {},
            id: next(),
            childNodes: [
              { type: 2, tagName: 'style', attributes: { _cssText: css }, id: next(), childNodes: [{ type: 3, textContent: '', isStyle: true, id: next() }] },
              { type: 2, tagName: 'link', attributes: { _cssText: LINK_CSS }, id: next(), childNodes: [] },
            ],
          },
          {
            type: 2,
            tagName: 'body',
            attributes: { class: 'small' },
            id: next(),
            childNodes: [
              { type: 2, tagName: 'img', attributes: { src: IMAGE, alt: 'logo' }, id: next(), childNodes: [] },
              { type: 3, textContent: text, id: next() },
            ],
          },
        ],
      },
    ],
  };
  return { type: 2, timestamp: t, data: { node, initialOffset: { top: 0, left: 0 } } };
}

export const meta = (t: number) => ({ type: 4, timestamp: t, data: { href: 'https://github.com/a', width: 800, height: 600 } });
export const input = (t: number, text: string) => ({ type: 3, timestamp: t, data: { source: 5, text, isChecked: false, id: 11 } });
