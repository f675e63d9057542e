/**
 * A bundle is untrusted input: whoever wrote it, what comes out of decodeBundle has been through the replay
 * sanitiser (lib/replay/sanitize.ts), so nothing in it can run script or make a request when replayed.
 */
import { describe, expect, it } from 'vitest';
import { clipEvents } from '@/lib/clip';
import { decodeBundle, generateKey } from '@/lib/bundle';
import { seal } from '@/lib/bundle/crypto';
import { compressText } from '@/lib/chunk-codec';
import { DomMirror } from '@/lib/moments/dom-mirror';
import { snapshotOf } from './clip-trace';
import fixture from '../fixtures/traces/contenteditable-note.json';

const el = (id: number, tagName: string, attributes: Record<string, unknown> = {}, childNodes: unknown[] = []) => ({ type: 2, id, tagName, attributes, childNodes });

function hostileBundle() {
  return {
    format: 'shadowtrace-clip',
    version: 1,
    created: '2030-01-01T00:00:00.000Z',
    title: 'hostile',
    url: null,
    duration: 10,
    moments: [],
    notes: [],
    events: [
      { type: 4, timestamp: 0, data: { href: 'about:blank', width: 800, height: 600 } },
      {
        type: 2,
        timestamp: 0,
        data: {
          initialOffset: { top: 0, left: 0 },
          node: {
            type: 0,
            id: 1,
            childNodes: [
              el(2, 'html', {}, [
                el(3, 'head', {}, [
                  el(5, 'style', {}, [{ type: 3, id: 6, isStyle: true, textContent: '@import url(https://evil.example/a.css); @font-face { font-family: x; src: url(https://evil.example/f.woff) } body { background: url(https://evil.example/bg.png) }' }]),
                  el(7, 'link', { rel: 'stylesheet', href: 'https://evil.example/s.css' }),
                  el(8, 'script', {}, [{ type: 3, id: 9, textContent: 'alert(1)' }]),
                ]),
                el(4, 'body', { onload: 'alert(2)' }, [
                  el(10, 'img', { src: 'https://evil.example/i.png', srcset: 'https://evil.example/i2.png 2x', onerror: 'alert(3)' }),
                  el(11, 'a', { href: 'javascript:alert(4)' }, [{ type: 3, id: 12, textContent: 'click' }]),
                  el(13, 'object', { data: 'https://evil.example/o.swf' }),
                  el(14, 'embed', { src: 'https://evil.example/e.swf' }),
                  el(15, 'iframe', { srcdoc: '<script>alert(5)</script>', src: 'https://evil.example/frame' }),
                  el(16, 'div', { style: 'background-image: url(https://evil.example/d.png)' }),
                  el(17, 'video', { poster: 'https://evil.example/p.png' }),
                ]),
              ]),
            ],
          },
        },
      },
      {
        type: 3,
        timestamp: 5,
        data: {
          source: 0,
          texts: [],
          removes: [],
          attributes: [{ id: 16, attributes: { onclick: 'alert(6)', style: { background: 'url(https://evil.example/m.png)' } } }],
          adds: [{ parentId: 4, nextId: null, node: el(20, 'script', { src: 'https://evil.example/x.js' }) }],
        },
      },
      { type: 3, timestamp: 6, data: { source: 8, id: 5, adds: [{ rule: '@import url(https://evil.example/b.css);', index: 0 }] } },
      { type: 6, timestamp: 7, data: { plugin: 'rrweb/console@1', payload: {} } },
    ],
  };
}

describe('decodeBundle sanitises whatever the bundle carries', () => {
  it('no script, handler, javascript: URL, object, embed, srcdoc, srcset, @import or outside URL survives', async () => {
    const key = generateKey();
    const bytes = await seal('bundle', key, await compressText(JSON.stringify(hostileBundle())));
    const { bundle, sanitized } = await decodeBundle(bytes, key);
    const json = JSON.stringify(bundle.events);
    for (const bad of [/evil\.example/, /javascript:/i, /"on\w+"/i, /srcdoc/i, /srcset/i, /@import/i, /"script"/, /"object"/, /"embed"/, /alert/]) {
      expect(json, String(bad)).not.toMatch(bad);
    }
    expect(json).toContain('@font-face'); // kept, but with no URL it could fetch
    expect(sanitized.droppedNodes).toBeGreaterThanOrEqual(4);
    expect(sanitized.droppedEvents).toBe(1);
  });
});

describe('clipping a trace recorded in Chromium', () => {
  const events = (fixture as { events: Record<string, unknown>[] }).events;
  const first = events[0]!.timestamp as number;
  const last = events.at(-1)!.timestamp as number;

  /** The editor's text at `t`, by the moments' own DOM mirror (an independent reading of the same events). */
  function mirrorText(t: number): string[] {
    const mirror = new DomMirror();
    for (const e of events) {
      if ((e.timestamp as number) > t) break;
      const data = e.data as Record<string, unknown>;
      if (e.type === 2) mirror.reset(data.node);
      if (e.type === 3 && data.source === 0) mirror.applyMutation(data);
    }
    return mirror.editableRoots().map((id) => mirror.textOf(id));
  }

  it.each([0.2, 0.4, 0.6, 0.8])('the snapshot at %f of the way shows the text the page showed then', (f) => {
    const start = Math.round(first + (last - first) * f);
    const out = clipEvents(events, { start, end: last });
    const mirror = new DomMirror();
    mirror.reset(snapshotOf(out.events));
    expect(mirror.editableRoots().map((id) => mirror.textOf(id))).toEqual(mirrorText(start));
    // And replaying the clip to its end gives the trace's final text.
    for (const e of out.events) if (e.type === 3 && (e.data as { source: number }).source === 0) mirror.applyMutation(e.data as Record<string, unknown>);
    expect(mirror.editableRoots().map((id) => mirror.textOf(id))).toEqual(mirrorText(last));
  });

  it('an abandoned draft typed and erased before the start, and text typed after the end, are nowhere in the clip', () => {
    const times = events.map((e) => e.timestamp as number);
    const typed = times.find((t) => mirrorText(t).join('').includes('Open question'))!;
    const erased = times.find((t) => t > typed && !mirrorText(t).join('').includes('Open question'))!;
    expect(typed).toBeDefined();
    expect(erased).toBeDefined();
    const after = JSON.stringify(clipEvents(events, { start: erased, end: last }));
    expect(after).not.toContain('Open question');
    expect(after).toContain('shard by region');
    const before = JSON.stringify(clipEvents(events, { start: first, end: typed - 1 }));
    expect(before).not.toContain('Open question');
  });
});
