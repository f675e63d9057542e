import { describe, expect, it } from 'vitest';
import { sanitizeCss } from '@/lib/replay/css';
import { EventSanitizer, sanitizeEvents } from '@/lib/replay/sanitize';

type SNode = Record<string, unknown>;
let nextId = 100;
const el = (tagName: string, attributes: Record<string, unknown> = {}, childNodes: SNode[] = [], extra: SNode = {}): SNode => ({
  type: 2,
  tagName,
  attributes,
  childNodes,
  id: nextId++,
  ...extra,
});
const text = (textContent: string, extra: SNode = {}): SNode => ({ type: 3, textContent, id: nextId++, ...extra });

/** Meta + a full snapshot whose body holds `body`. Ids 1 to 4 are the document, html, head and body. */
function snapshot(body: SNode[], head: SNode[] = []): Record<string, unknown>[] {
  return [
    { type: 4, timestamp: 1, data: { href: 'https://site.example/', width: 800, height: 600 } },
    {
      type: 2,
      timestamp: 2,
      data: {
        initialOffset: { top: 0, left: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            {
              type: 2,
              id: 2,
              tagName: 'html',
              attributes: {},
              childNodes: [
                { type: 2, id: 3, tagName: 'head', attributes: {}, childNodes: head },
                { type: 2, id: 4, tagName: 'body', attributes: {}, childNodes: body },
              ],
            },
          ],
        },
      },
    },
  ];
}

const mutation = (data: Record<string, unknown>, timestamp = 3) => ({
  type: 3,
  timestamp,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data },
});

function bodyOf(events: Record<string, unknown>[]): SNode[] {
  const snap = events.find((e) => e.type === 2) as { data: { node: { childNodes: SNode[] } } };
  const html = snap.data.node.childNodes[0] as { childNodes: SNode[] };
  return (html.childNodes[1] as { childNodes: SNode[] }).childNodes;
}

/** What must never survive sanitising, anywhere in the output. */
const FORBIDDEN = [/https?:\/\/evil/i, /javascript:/i, /onerror|onload|onclick|onfocus|ontoggle/i, /srcdoc/i, /srcset/i, /@import/i];

describe('sanitiser: malicious full snapshots', () => {
  it.each([
    { name: 'a script element', node: () => el('script', { src: 'https://evil.example/x.js' }, [text('alert(1)')]) },
    { name: 'an SVG script', node: () => el('script', { href: 'https://evil.example/x.js' }, [], { isSVG: true }) },
    { name: 'an object', node: () => el('object', { data: 'https://evil.example/x.swf' }) },
    { name: 'an embed', node: () => el('embed', { src: 'https://evil.example/x.pdf' }) },
    { name: 'a base element', node: () => el('base', { href: 'https://evil.example/' }) },
    { name: 'a meta refresh', node: () => el('meta', { 'http-equiv': 'refresh', content: '0;url=https://evil.example/' }) },
    { name: 'an SVG animation setting href', node: () => el('set', { attributeName: 'href', to: 'javascript:alert(1)' }, [], { isSVG: true }) },
  ])('$name becomes an empty placeholder with the same id', ({ node }) => {
    const n = node();
    const { events, report } = sanitizeEvents(snapshot([n]));
    expect(bodyOf(events)).toEqual([{ type: 5, textContent: '', id: n.id }]);
    expect(report.droppedNodes).toBe(1);
    for (const bad of FORBIDDEN) expect(JSON.stringify(events)).not.toMatch(bad);
  });

  it.each([
    { name: 'event handlers', tag: 'img', attrs: { src: 'data:image/png;base64,AA', onerror: 'alert(1)', ONLOAD: 'x()' }, want: { src: 'data:image/png;base64,AA' } },
    { name: 'an image from another host', tag: 'img', attrs: { src: 'https://evil.example/p.png', alt: 'p' }, want: { alt: 'p' } },
    { name: 'srcset', tag: 'img', attrs: { srcset: 'https://evil.example/a.png 2x' }, want: {} },
    { name: 'a relative image URL', tag: 'img', attrs: { src: '/logo.png' }, want: {} },
    { name: 'a video poster and source', tag: 'video', attrs: { poster: 'https://evil.example/p.jpg', src: 'https://evil.example/v.mp4' }, want: {} },
    { name: 'an iframe src and srcdoc', tag: 'iframe', attrs: { src: 'https://evil.example/', srcdoc: '<script>alert(1)</script>' }, want: {} },
    { name: 'a stylesheet link', tag: 'link', attrs: { rel: 'stylesheet', href: 'https://evil.example/s.css' }, want: { rel: 'stylesheet' } },
    { name: 'a preconnect link', tag: 'link', attrs: { rel: 'preconnect', href: 'https://evil.example' }, want: { rel: 'preconnect' } },
    { name: 'a javascript: link', tag: 'a', attrs: { href: 'java\tscript:alert(1)' }, want: {} },
    { name: 'a web link (never followed, kept for its look)', tag: 'a', attrs: { href: 'https://docs.example/x', ping: 'https://evil.example/p' }, want: { href: 'https://docs.example/x' } },
    { name: 'a form action', tag: 'form', attrs: { action: 'https://evil.example/post' }, want: {} },
    { name: 'a background attribute', tag: 'td', attrs: { background: 'https://evil.example/bg.png' }, want: {} },
    { name: 'javascript: in any attribute', tag: 'div', attrs: { 'data-x': ' JAVASCRIPT:alert(1)', title: 'ok' }, want: { title: 'ok' } },
    { name: 'an inline style with a remote image', tag: 'div', attrs: { style: 'color: red; background: url("https://evil.example/bg.png") no-repeat' }, want: { style: 'color: red; background: none no-repeat' } },
    { name: 'an SVG fill pointing at another document', tag: 'rect', attrs: { fill: 'url(https://evil.example/p.svg#g)' }, want: { fill: 'none' } },
    { name: 'an SVG fill pointing inside the document', tag: 'rect', attrs: { fill: 'url(#grad)' }, want: { fill: 'url(#grad)' } },
    { name: 'an SVG use of another document', tag: 'use', attrs: { href: 'https://evil.example/s.svg#i', 'xlink:href': '#icon' }, want: { 'xlink:href': '#icon' } },
    { name: "a canvas's recorded picture from the web", tag: 'canvas', attrs: { rr_dataURL: 'https://evil.example/c.png' }, want: {} },
    { name: "a canvas's recorded picture inline", tag: 'canvas', attrs: { rr_dataURL: 'data:image/png;base64,AA' }, want: { rr_dataURL: 'data:image/png;base64,AA' } },
    { name: 'an inlined stylesheet', tag: 'link', attrs: { rel: 'stylesheet', _cssText: '@import "https://evil.example/a.css"; b { color: red }' }, want: { rel: 'stylesheet', _cssText: '@shadowtrace-removed-import "https://evil.example/a.css"; b { color: red }' } },
  ])('$name', ({ tag, attrs, want }) => {
    const n = el(tag, { ...attrs });
    const { events } = sanitizeEvents(snapshot([n]));
    expect(bodyOf(events)[0]!.attributes).toEqual(want);
  });

  it('sanitises style text, both marked isStyle and inside a <style>', () => {
    const css = '@font-face { font-family: x; src: url(https://evil.example/f.woff2) } p { background: url(data:image/png;base64,AA) }';
    const { events } = sanitizeEvents(snapshot([], [el('style', {}, [text(css)]), el('style', {}, [text(css, { isStyle: true })])]));
    const json = JSON.stringify(events);
    expect(json).not.toContain('evil');
    expect(json).toContain('url(data:image/png;base64,AA)');
  });

  it('leaves ordinary text alone, even when it looks like CSS', () => {
    const n = el('p', {}, [text('write url(https://example.com) or @import in the docs')]);
    const { events } = sanitizeEvents(snapshot([n]));
    expect((bodyOf(events)[0]!.childNodes as SNode[])[0]!.textContent).toBe('write url(https://example.com) or @import in the docs');
  });
});

describe('sanitiser: malicious mutations', () => {
  it('replaces an added script by a placeholder and drops what is later added into it', () => {
    const s = new EventSanitizer();
    const out = s.sanitizeAll([
      ...snapshot([]),
      mutation({ adds: [{ parentId: 4, nextId: null, node: { type: 2, id: 50, tagName: 'script', attributes: {}, childNodes: [] } }] }),
      mutation({ adds: [{ parentId: 50, nextId: null, node: { type: 3, id: 51, textContent: 'alert(1)' } }], texts: [{ id: 51, value: 'alert(2)' }] }),
      // A later node placed before the dropped script still finds its sibling.
      mutation({ adds: [{ parentId: 4, nextId: 50, node: { type: 2, id: 52, tagName: 'p', attributes: {}, childNodes: [] } }] }),
    ]);
    expect((out[2]!.data as { adds: { node: SNode }[] }).adds[0]!.node).toEqual({ type: 5, textContent: '', id: 50 });
    expect(out[3]!.data).toMatchObject({ adds: [], texts: [] });
    expect((out[4]!.data as { adds: { nextId: number }[] }).adds[0]!.nextId).toBe(50);
    expect(JSON.stringify(out)).not.toContain('alert');
  });

  it.each([
    { name: 'an event handler set later', tag: 'img', attrs: { onerror: 'alert(1)' }, want: {} },
    { name: 'a src set to another host', tag: 'img', attrs: { src: 'https://evil.example/x.png' }, want: {} },
    { name: 'an attribute removed (null)', tag: 'img', attrs: { alt: null }, want: { alt: null } },
    { name: 'a style object with a remote image', tag: 'div', attrs: { style: { background: 'url(https://evil.example/b.png)', color: ['red', 'important'] } }, want: { style: { background: 'none', color: ['red', 'important'] } } },
    { name: 'a style string with @import trickery', tag: 'div', attrs: { style: 'background: u\\72l(https://evil.example/b.png)' }, want: { style: 'background: none' } },
    { name: 'a srcdoc set on an iframe', tag: 'iframe', attrs: { srcdoc: '<script>alert(1)</script>' }, want: {} },
  ])('attribute mutation: $name', ({ tag, attrs, want }) => {
    const n = el(tag);
    const out = new EventSanitizer().sanitizeAll([...snapshot([n]), mutation({ attributes: [{ id: n.id, attributes: attrs }] })]);
    expect((out[2]!.data as { attributes: { attributes: unknown }[] }).attributes[0]!.attributes).toEqual(want);
  });

  it('sanitises text changes of style text, and only of style text', () => {
    const style = el('style', {}, [text('a{}')]);
    const styleText = (style.childNodes as SNode[])[0]!;
    const para = text('hello');
    const out = new EventSanitizer().sanitizeAll([
      ...snapshot([el('p', {}, [para])], [style]),
      mutation({
        texts: [
          { id: styleText.id, value: 'a { background: url(https://evil.example/x.png) }' },
          { id: para.id, value: 'see url(https://evil.example/x.png)' },
        ],
      }),
    ]);
    const texts = (out[2]!.data as { texts: { value: string }[] }).texts;
    expect(texts[0]!.value).toBe('a { background: none }');
    expect(texts[1]!.value).toBe('see url(https://evil.example/x.png)');
  });

  it('sanitises a text node added into a style element later', () => {
    const style = el('style');
    const out = new EventSanitizer().sanitizeAll([
      ...snapshot([], [style]),
      mutation({ adds: [{ parentId: style.id, nextId: null, node: { type: 3, id: 70, textContent: '@import url(https://evil.example/a.css);' } }] }),
    ]);
    expect(JSON.stringify(out[2])).not.toMatch(/@import|evil\.example\/a\.css\)/);
  });

  it.each([
    { name: 'a stylesheet rule with a remote font', data: { source: 8, id: 1, adds: [{ rule: '@font-face { src: url(https://evil.example/f.woff) }', index: 0 }] } },
    { name: 'a stylesheet replaced through CSSOM', data: { source: 8, id: 1, replaceSync: '@import "https://evil.example/a.css";' } },
    { name: 'a style declaration', data: { source: 13, id: 1, index: [0], set: { property: 'background', value: 'image-set("https://evil.example/a.png" 1x)' } } },
    { name: 'an adopted stylesheet', data: { source: 15, id: 1, styleIds: [1], styles: [{ styleId: 1, rules: [{ rule: 'b { cursor: url(https://evil.example/c.cur), auto }' }] }] } },
  ])('CSS events: $name', ({ data }) => {
    const out = new EventSanitizer().sanitizeAll([...snapshot([]), { type: 3, timestamp: 3, data }]);
    expect(out).toHaveLength(3);
    for (const bad of [/url\(https/i, /@import/i, /image-set\(/i]) expect(JSON.stringify(out[2])).not.toMatch(bad);
  });
});

describe('sanitiser: whole events', () => {
  it.each([
    { name: 'a font loaded by URL', event: { type: 3, timestamp: 3, data: { source: 10, family: 'x', fontSource: 'url(https://evil.example/f.woff)', buffer: false } }, kept: false },
    { name: 'a font given as bytes', event: { type: 3, timestamp: 3, data: { source: 10, family: 'x', fontSource: '[1,2,3]', buffer: true } }, kept: true },
    { name: "rrweb's canvas mutation (never replayed)", event: { type: 3, timestamp: 3, data: { source: 9, id: 5, type: 0, commands: [] } }, kept: false },
    { name: 'a plugin event', event: { type: 6, timestamp: 3, data: { plugin: 'rrweb/console@1', payload: {} } }, kept: false },
    { name: 'an event without a timestamp', event: { type: 3, data: { source: 1, positions: [] } }, kept: false },
    { name: 'an unknown event type', event: { type: 42, timestamp: 3, data: {} }, kept: false },
    { name: 'not an object', event: 'hello', kept: false },
    { name: 'an input event', event: { type: 3, timestamp: 3, data: { source: 5, id: 9, text: 'Hello', isChecked: false } }, kept: true },
    { name: 'a canvas frame with a PNG', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'data:image/png;base64,AA' } } }, kept: true },
    { name: 'a delta canvas frame inside its canvas', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'data:image/webp;base64,AA', patch: { x: 2, y: 0, width: 8, height: 10 } } } }, kept: true },
    { name: 'a delta canvas frame reaching outside its canvas', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'data:image/webp;base64,AA', patch: { x: 4, y: 0, width: 8, height: 10 } } } }, kept: false },
    { name: 'a delta canvas frame with an empty rectangle', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'data:image/webp;base64,AA', patch: { x: 0, y: 0, width: 0, height: 10 } } } }, kept: false },
    { name: 'a delta canvas frame with a malformed rectangle', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'data:image/webp;base64,AA', patch: { x: '0', y: 0, width: 1, height: 1 } } } }, kept: false },
    { name: 'a canvas frame pointing at the web', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'https://evil.example/f.png' } } }, kept: false },
    { name: 'a canvas frame with an SVG (could hold links)', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 9, width: 10, height: 10, dataUrl: 'data:image/svg+xml,<svg/>' } } }, kept: false },
    { name: 'another custom event', event: { type: 5, timestamp: 3, data: { tag: 'shadowtrace/history', payload: { action: 'undo' } } }, kept: true },
    { name: 'a full snapshot without a document', event: { type: 2, timestamp: 3, data: { node: { type: 2, id: 1, tagName: 'div', attributes: {}, childNodes: [] } } }, kept: false },
  ])('$name: kept=$kept', ({ event, kept }) => {
    const s = new EventSanitizer();
    expect(s.sanitize(structuredClone(event)) !== null).toBe(kept);
    expect(s.report.droppedEvents).toBe(kept ? 0 : 1);
  });

  it('forgets dropped ids at the next full snapshot (ids start over after a page load)', () => {
    const s = new EventSanitizer();
    s.sanitizeAll(snapshot([el('script', {}, [], { id: 40 })]));
    const out = s.sanitizeAll([
      ...snapshot([el('p', {}, [], { id: 40 })]),
      mutation({ attributes: [{ id: 40, attributes: { title: 'kept' } }] }),
    ]);
    expect((out[2]!.data as { attributes: unknown[] }).attributes).toHaveLength(1);
  });
});

describe('sanitizeCss', () => {
  it.each([
    ['b { color: red }', 'b { color: red }'],
    ['b { background: url(https://evil.example/x.png) }', 'b { background: none }'],
    ["b { background: URL( 'https://evil.example/x.png' ) }", 'b { background: none }'],
    ['b { background: url("a.png") }', 'b { background: none }'],
    ['b { background: url(//evil.example/x.png) }', 'b { background: none }'],
    ['b { background: url(data:image/png;base64,AA) }', 'b { background: url(data:image/png;base64,AA) }'],
    ['b { mask: url(#m) }', 'b { mask: url(#m) }'],
    ['b { background: url("https://evil.example/a).png") red }', 'b { background: none red }'],
    ['b { background: url(https://evil.example/unclosed', 'b { background: none'],
    ['b { background: \\75 rl(https://evil.example/x.png) }', 'b { background: none }'],
    ['b { background: \\55\\52\\4c(https://evil.example/x.png) }', 'b { background: none }'],
    ['b { background: -webkit-image-set("https://evil.example/a.png" 1x) }', 'b { background: -webkit-none }'],
    ['b { background: image-set(url(data:image/png;base64,AA) 1x) }', 'b { background: none }'],
    ['@font-face { src: src("https://evil.example/f.woff") }', '@font-face { src: none }'],
    ['@IMPORT url(https://evil.example/a.css);', '@shadowtrace-removed-import none;'],
    ['@\\69mport "https://evil.example/a.css";', '@shadowtrace-removed-import "https://evil.example/a.css";'],
    ['.a\\:hover { content: "\\201C" }', '.a\\:hover { content: "\\201C" }'],
  ])('%s', (input, want) => expect(sanitizeCss(input)).toBe(want));
});
