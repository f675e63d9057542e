/**
 * Cases a recorded fixture cannot show well: canvas tools (no text to see), malformed or hostile traces,
 * secret fields, editors' hidden input areas, and rhythms far from the scripted ones. Event tables by hand.
 */
import { describe, expect, it } from 'vitest';
import { detectMoments, type Moment } from '../../lib/moments';
import { SECRET_MASK } from '../../lib/recorder/privacy';
import { CUSTOM } from '../../lib/trace-events';

const T0 = 1_800_000_000_000;

/** A page with a textarea (id 10), a canvas (id 11) and a Monaco-like editor root (id 12) holding its input area (13). */
const snapshot = {
  type: 2,
  timestamp: T0,
  data: {
    initialOffset: { top: 0, left: 0 },
    node: {
      type: 0, id: 1, childNodes: [
        { type: 2, id: 2, tagName: 'html', attributes: {}, childNodes: [
          { type: 2, id: 3, tagName: 'body', attributes: {}, childNodes: [
            { type: 2, id: 10, tagName: 'textarea', attributes: { value: '' }, childNodes: [] },
            { type: 2, id: 11, tagName: 'canvas', attributes: {}, childNodes: [] },
            { type: 2, id: 12, tagName: 'div', attributes: { class: 'monaco-editor' }, childNodes: [
              { type: 2, id: 13, tagName: 'textarea', attributes: { class: 'inputarea' }, childNodes: [] },
            ] },
            { type: 2, id: 14, tagName: 'input', attributes: { type: 'password' }, childNodes: [] },
          ] },
        ] },
      ],
    },
  },
};
const input = (t: number, id: number, text: string) => ({ type: 3, timestamp: T0 + t, data: { source: 5, id, text, isChecked: false } });
const custom = (t: number, tag: string, payload: unknown) => ({ type: 5, timestamp: T0 + t, data: { tag, payload } });
const undo = (t: number, target: number, action: 'undo' | 'redo' = 'undo') => custom(t, CUSTOM.history, { action, source: 'button', target });
/** Types text into the textarea from `start`, one character every `gap` ms. */
function typing(start: number, text: string, gap: number, from = ''): ReturnType<typeof input>[] {
  return [...text].map((_, i) => input(start + i * gap, 10, from + text.slice(0, i + 1)));
}
const kinds = (moments: Moment[]) => moments.map((m) => m.kind);
const only = (moments: Moment[], kind: Moment['kind']) => moments.filter((m) => m.kind === kind);

describe('undo and redo without text to see (canvas tools)', () => {
  it.each([
    ['three undos in a row are one moment', [undo(100, 11), undo(400, 11), undo(700, 11)], [{ kind: 'undo', count: 3 }]],
    ['undo then redo are two moments', [undo(100, 11), undo(300, 11, 'redo')], [{ kind: 'undo', count: 1 }, { kind: 'redo', count: 1 }]],
    ['undos far apart are separate moments', [undo(100, 11), undo(9000, 11)], [{ kind: 'undo', count: 1 }, { kind: 'undo', count: 1 }]],
    ['an undo with no target still counts', [undo(100, -1)], [{ kind: 'undo', count: 1 }]],
    ['an undo on an unchanged text field does not', [undo(100, 10)], []],
  ])('%s', (_name, events, expected) => {
    const moments = detectMoments([snapshot, ...events]).filter((m) => m.kind === 'undo' || m.kind === 'redo');
    expect(moments.map((m) => ({ kind: m.kind, count: m.detail.count }))).toEqual(expected);
  });
});

describe('pauses adapt to the author', () => {
  it.each([
    // 200 ms typist: a 2.5 s gap is a pause.
    ['practised typist, 2.5 s gap', 200, 2500, 1],
    // 450 ms typist: the same gap is ordinary hesitation for them.
    ['slow typist, 2.5 s gap', 450, 2500, 0],
    ['slow typist, 6 s gap', 450, 6000, 1],
    ['practised typist, 1.2 s gap', 200, 1200, 0],
  ])('%s', (_name, gap, pause, expected) => {
    const first = typing(0, 'a'.repeat(60), gap);
    const second = typing(60 * gap + pause, 'b'.repeat(60), gap, 'a'.repeat(60));
    expect(only(detectMoments([snapshot, ...first, ...second]), 'pause')).toHaveLength(expected);
  });

  it('a fixed threshold overrides the adaptive one', () => {
    const events = [snapshot, ...typing(0, 'abc', 200), ...typing(3000, 'def', 200, 'abc')];
    expect(only(detectMoments(events, { pauseThresholdMs: 5000 }), 'pause')).toHaveLength(0);
    expect(only(detectMoments(events, { pauseThresholdMs: 1000 }), 'pause')).toHaveLength(1);
  });

  it.each([
    ['navigation', custom(5000, CUSTOM.navigation, { url: 'https://x.test/b', kind: 'push' }), 'navigation'],
    ['an undo', undo(5000, 11), 'revision'],
  ])('a pause followed by %s', (_name, next, after) => {
    const events = [snapshot, ...typing(0, 'abcdef', 150), next];
    expect(only(detectMoments(events), 'pause').map((p) => p.detail.after)).toEqual([after]);
  });

  it('a blink away does not become a moment but is still not a pause', () => {
    const events = [
      snapshot,
      ...typing(0, 'abc', 150),
      custom(1000, CUSTOM.attention, { visible: true, focused: false }),
      custom(1500, CUSTOM.attention, { visible: true, focused: true }),
      ...typing(2900, 'def', 150, 'abc'),
    ];
    const moments = detectMoments(events);
    expect(kinds(moments)).not.toContain('away');
    expect(kinds(moments)).not.toContain('pause');
  });
});

describe('fields that are not the author\'s writing', () => {
  it('ignores secret fields', () => {
    const events = [snapshot, input(100, 14, SECRET_MASK), input(200, 14, SECRET_MASK), input(300, 14, '')];
    expect(detectMoments(events).filter((m) => m.kind !== 'navigation')).toEqual([]);
  });

  it('ignores a code editor\'s hidden input area and reads its editor-text instead', () => {
    const events = [
      snapshot,
      custom(50, CUSTOM.editorText, { target: 12, editor: 'monaco', text: 'let a = 1;' }),
      input(100, 13, 'x'),
      custom(101, CUSTOM.editorText, { target: 12, editor: 'monaco', text: 'let a = 1;x' }),
      input(300, 13, 'xy'),
      custom(301, CUSTOM.editorText, { target: 12, editor: 'monaco', text: 'let a = 1;xyz' }),
    ];
    const drafts = only(detectMoments(events), 'draft');
    expect(drafts.map((d) => d.detail.field)).toEqual(['monaco:12']);
  });
});

describe('untrusted traces', () => {
  it.each([
    ['nothing', []],
    ['junk', [null, 1, 'x', [], {}, { type: 3 }, { timestamp: 'now', type: 5 }]],
    ['bad payloads', [snapshot, custom(1, CUSTOM.history, { action: 'explode' }), custom(2, CUSTOM.navigation, { url: 7 }), input(3, 10, null as unknown as string)]],
    ['a mutation for nodes never seen', [snapshot, { type: 3, timestamp: T0 + 5, data: { source: 0, adds: [{ parentId: 999, nextId: null, node: { type: 3, id: 50, textContent: 'x' } }], removes: [{ parentId: 1, id: 777 }], texts: [{ id: 888, value: 'y' }], attributes: [] } }]],
  ])('%s: no moments and no error', (_name, events) => {
    expect(detectMoments(events)).toEqual([]);
  });

  it('orders the same whatever order the events arrive in', () => {
    // Distinct timestamps: for equal ones the recorder's order is the only order there is.
    const events = [snapshot, ...typing(10, 'hello there', 150), undo(4000, 11), custom(4100, CUSTOM.bookmark, { word: 'here' })];
    expect(detectMoments([...events].reverse())).toEqual(detectMoments(events));
  });
});

describe('traces over several page loads', () => {
  it('does not mistake a new page\'s field for the old one with the same rrweb id', () => {
    const load = (t: number, url: string) => custom(t, CUSTOM.navigation, { url, kind: 'load' });
    const events = [
      snapshot,
      load(1, 'https://x.test/a'),
      ...typing(10, 'first page text', 150),
      { ...snapshot, timestamp: T0 + 8000 },
      load(8001, 'https://x.test/b'),
      ...typing(8100, 'new', 150),
    ];
    const moments = detectMoments(events);
    expect(only(moments, 'revision')).toEqual([]);
    expect(only(moments, 'abandoned')).toEqual([]);
    expect(only(moments, 'draft').map((d) => d.detail.field)).toEqual(['textarea:10', 'textarea:10@1']);
  });
});

describe('marks', () => {
  it.each([
    [custom(10, CUSTOM.bookmark, { word: 'naming' }), { kind: 'bookmark', detail: { word: 'naming' } }],
    [custom(10, CUSTOM.navigation, { url: 'https://x.test/pr/1', kind: 'push' }), { kind: 'navigation', detail: { url: 'https://x.test/pr/1', how: 'push' } }],
  ])('%#', (event, expected) => {
    expect(detectMoments([snapshot, event])).toMatchObject([expected]);
  });
});

describe('contenteditable through mutations', () => {
  it('reads text, line breaks and deletions from the recorded DOM', () => {
    const editable = {
      ...snapshot,
      data: { ...snapshot.data, node: { type: 0, id: 1, childNodes: [{ type: 2, id: 2, tagName: 'div', attributes: { contenteditable: 'true' }, childNodes: [] }] } },
    };
    const add = (t: number, parentId: number, node: unknown) => ({ type: 3, timestamp: T0 + t, data: { source: 0, adds: [{ parentId, nextId: null, node }], removes: [], texts: [], attributes: [] } });
    const text = (t: number, id: number, value: string) => ({ type: 3, timestamp: T0 + t, data: { source: 0, adds: [], removes: [], texts: [{ id, value }], attributes: [] } });
    const events = [
      editable,
      add(100, 2, { type: 3, id: 3, textContent: 'Hello' }),
      text(300, 3, 'Hello world'),
      add(500, 2, { type: 2, id: 4, tagName: 'div', attributes: {}, childNodes: [{ type: 3, id: 5, textContent: 'Second' }] }),
      text(700, 3, 'Hello'),
    ];
    const moments = detectMoments(events);
    expect(only(moments, 'revision').map((r) => r.detail.removed)).toEqual([' world']);
    expect(only(moments, 'draft').map((d) => d.detail.chars)).toEqual(['Hello\nSecond'.length]);
  });
});

describe('one removal that wipes several stretches of writing', () => {
  it('is one abandoned attempt holding all of them', () => {
    const first = typing(0, 'Dear team, we ship', 100);
    const second = typing(10_000, ' on friday', 100, 'Dear team, we ship');
    const wipe = [input(20_000, 10, '')];
    const abandoned = only(detectMoments([snapshot, ...first, ...second, ...wipe]), 'abandoned');
    expect(abandoned).toHaveLength(1);
    expect(abandoned[0]!.detail).toMatchObject({ wholeField: true, chars: 'Dear team, we ship on friday'.length });
  });
});
