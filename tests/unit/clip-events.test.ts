import { describe, expect, it } from 'vitest';
import { clipEvents, ClipError, keepUrl } from '@/lib/clip';
import { EventType } from '@/lib/trace-events';
import { baseSnapshot, END, findNode, FORBIDDEN, MOMENTS, NOTES, privacyTrace, REDACTIONS, snapshotOf, START, T } from './clip-trace';

const clip = (range = { start: START, end: END }) =>
  clipEvents(privacyTrace(), range, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES });

describe('clipEvents: a self-contained segment', () => {
  it('starts with Meta and a full snapshot at 0, then only the range, shifted', () => {
    const out = clip();
    expect(out.events[0]).toMatchObject({ type: EventType.Meta, timestamp: 0 });
    expect(out.events[1]).toMatchObject({ type: EventType.FullSnapshot, timestamp: 0 });
    expect(out.events.filter((e) => e.type === EventType.FullSnapshot)).toHaveLength(1);
    const times = out.events.map((e) => e.timestamp as number);
    expect(Math.min(...times)).toBe(0);
    expect(Math.max(...times)).toBeLessThanOrEqual(END - START);
    expect(out.duration).toBe(END - START);
    expect(out.range).toEqual({ start: START, end: END });
  });

  it('the snapshot shows the screen at the start: values, text, checks, selection, scroll, viewport', () => {
    const node = snapshotOf(clip().events);
    expect(findNode(node, 10)!.attributes).toMatchObject({ value: 'VISIBLE_AT_START' });
    expect(findNode(node, 11)!.attributes).toMatchObject({ value: '' });
    expect(findNode(node, 13)!.textContent).toBe('hello world');
    expect(findNode(node, 30)).toBeNull();
    expect(findNode(node, 20)!.attributes).toMatchObject({ value: 'b' });
    expect(findNode(node, 23)!.attributes).toMatchObject({ selected: true });
    expect(findNode(node, 21)!.attributes).not.toHaveProperty('selected');
    expect(findNode(node, 25)!.attributes).toMatchObject({ checked: true });
    expect(findNode(node, 26)!.attributes).toMatchObject({ rr_scrollTop: 40 });
    const snap = clip().events[1] as { data: { initialOffset: unknown } };
    expect(snap.data.initialOffset).toEqual({ left: 0, top: 120 });
  });

  it('carries the pointer position at 0 and the events inside the range', () => {
    const out = clip();
    expect(out.events.some((e) => e.timestamp === 0 && (e.data as { source?: number }).source === 1)).toBe(true);
    expect(JSON.stringify(out.events)).toContain('INSIDE_TEXT');
    expect(JSON.stringify(out.events)).toContain('VISIBLE_AT_START more');
  });

  it('keeps moments and notes inside the range only, re-timed, with no page text', () => {
    const out = clip();
    expect(out.notes).toEqual([{ t: 100, text: 'Watch how the name is chosen' }]);
    expect(out.moments).toEqual([
      { t: 100, kind: 'typing', duration: 50, detail: { keystrokes: 5, pasted: false } },
      { t: 400, kind: 'revision', duration: 100, detail: { how: 'insert' } },
    ]);
  });

  it.each([
    ['none', null],
    ['origin', 'https://private.example'],
    ['path', 'https://private.example/repo/issues'],
  ] as const)('url %s keeps %s of the address, never the query or fragment', (mode, want) => {
    const out = clipEvents(privacyTrace(), { start: START, end: END }, { url: mode });
    expect(out.url).toBe(want);
    expect((out.events[0]!.data as { href: string }).href).toBe(want ?? 'about:blank');
    expect(JSON.stringify(out)).not.toContain('URL_SECRET');
    expect(JSON.stringify(out)).not.toContain('frag');
  });

  it.each([
    ['the start', START],
    ['a time before any event of the range', T + 450],
    ['the last event before the range', T + 410],
  ])('no planted secret leaks when the clip starts at %s', (_label, start) => {
    const json = JSON.stringify(clipEvents(privacyTrace(), { start, end: END }, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES }));
    for (const secret of FORBIDDEN) expect(json, secret).not.toContain(secret);
  });

  it('shows a secret typed before the range that is still on screen (it is what the screen showed)', () => {
    const out = clipEvents(privacyTrace(), { start: T + 110, end: T + 130 });
    expect(findNode(snapshotOf(out.events), 10)!.attributes).toMatchObject({ value: 'ERASED_SECRET_1' });
  });

  it('does not modify the input events', () => {
    const trace = privacyTrace();
    const before = JSON.stringify(trace);
    clipEvents(trace, { start: START, end: END }, { redactions: REDACTIONS });
    expect(JSON.stringify(trace)).toBe(before);
  });

  it('starts at the first snapshot when the range begins before anything was recorded', () => {
    const out = clipEvents(privacyTrace(), { start: T - 1000, end: END });
    expect(out.range.start).toBe(T + 1);
  });

  it.each([
    ['end before start', { start: END, end: START }, 'bad_range'],
    ['not a number', { start: Number.NaN, end: END }, 'bad_range'],
    ['no snapshot in reach', { start: T - 3000, end: T - 2000 }, 'no_snapshot'],
  ])('refuses %s', (_label, range, code) => {
    expect(() => clipEvents(privacyTrace(), range)).toThrow(ClipError);
    try {
      clipEvents(privacyTrace(), range);
    } catch (err) {
      expect((err as ClipError).code).toBe(code);
    }
  });

  it.each([
    ['https://a.example/x/y?z=1#w', 'origin', 'https://a.example'],
    ['https://user:pw@a.example/x?z', 'path', 'https://a.example/x'],
    ['javascript:alert(1)', 'path', null],
    ['not a url', 'origin', null],
  ] as const)('keepUrl(%s, %s) = %s', (href, mode, want) => {
    expect(keepUrl(href, mode)).toBe(want);
  });
});

describe('the page title', () => {
  it('is emptied by default and kept on request', () => {
    expect(JSON.stringify(clipEvents(privacyTrace(), { start: START, end: END }).events)).not.toContain('PAGE_TITLE_SECRET');
    expect(JSON.stringify(clipEvents(privacyTrace(), { start: START, end: END }, { keepPageTitle: true }).events)).toContain('PAGE_TITLE_SECRET');
  });
});

describe('clipEvents: a canvas starts the clip as one whole frame', () => {
  const canvasFrame = (t: number, tag: string, patch?: { x: number; y: number; width: number; height: number }) => ({
    type: 5,
    timestamp: T + t,
    data: { tag: 'shadowtrace/canvas-frame', payload: { target: 50, width: 40, height: 20, dataUrl: `data:image/webp;base64,${tag}`, ...(patch ? { patch } : {}) } },
  });
  const patch = { x: 0, y: 0, width: 8, height: 8 };
  const trace = (frames: Record<string, unknown>[]) => [
    ...baseSnapshot([{ type: 2, id: 50, tagName: 'canvas', attributes: { width: 40, height: 20 }, childNodes: [] }]),
    ...frames,
  ];
  const framesAt0 = (events: Record<string, unknown>[]) =>
    events.filter((e) => e.timestamp === 0 && JSON.stringify(e).includes('canvas-frame')).map((e) => (e.data as { payload: unknown }).payload);

  it('a key frame with nothing after it is carried as it is', () => {
    const out = clipEvents(trace([canvasFrame(100, 'OLDKEY'), canvasFrame(200, 'KEYA')]), { start: START, end: END });
    expect(framesAt0(out.events)).toEqual([{ target: 50, width: 40, height: 20, dataUrl: 'data:image/webp;base64,KEYA' }]);
    expect(out.canvasChains.size).toBe(0);
    expect(JSON.stringify(out.events)).not.toContain('OLDKEY');
  });

  it('a key frame and deltas are asked for flattened, and never carried as they are', () => {
    const events = trace([canvasFrame(100, 'KEYA'), canvasFrame(200, 'DRAWNTHENCOVERED', patch), canvasFrame(300, 'COVER', patch), canvasFrame(600, 'INSIDE', patch)]);
    const first = clipEvents(events, { start: START, end: END });
    expect([...first.canvasChains.keys()]).toEqual([50]);
    expect(first.canvasChains.get(50)!.map((p) => p.dataUrl.split(',')[1])).toEqual(['KEYA', 'DRAWNTHENCOVERED', 'COVER']);
    const json = JSON.stringify(first.events);
    for (const before of ['KEYA', 'DRAWNTHENCOVERED', 'COVER']) expect(json).not.toContain(before);
    expect(json).toContain('INSIDE');

    const flat = { target: 50, width: 40, height: 20, dataUrl: 'data:image/webp;base64,FLAT' };
    const out = clipEvents(events, { start: START, end: END }, { canvasAtStart: new Map([[50, flat]]) });
    expect(framesAt0(out.events)).toEqual([flat]);
    expect(JSON.stringify(out.events)).not.toContain('DRAWNTHENCOVERED');
  });

  it('deltas whose key frame came before the snapshot are left out (the canvas shows its next frame)', () => {
    const events = [canvasFrame(-10, 'EARLYKEY'), ...trace([canvasFrame(100, 'LONEDELTA', patch)])];
    const out = clipEvents(events, { start: START, end: END });
    expect(framesAt0(out.events)).toEqual([]);
    expect(out.canvasChains.size).toBe(0);
  });

  it('a canvas inside a hidden element stays out, flattened or not', () => {
    const events = trace([canvasFrame(100, 'KEYA'), canvasFrame(200, 'DELTA', patch)]);
    const flat = { target: 50, width: 40, height: 20, dataUrl: 'data:image/webp;base64,FLAT' };
    const out = clipEvents(events, { start: START, end: END }, { canvasAtStart: new Map([[50, flat]]), redactions: [{ mode: 'hide', selector: 'canvas' }] });
    expect(JSON.stringify(out.events)).not.toContain('FLAT');
  });
});
