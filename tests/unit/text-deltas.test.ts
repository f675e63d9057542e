import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTextDelta, encodeTextDeltas, restoreTextDeltas, textDelta, warmUpTextDeltas } from '@/lib/text-deltas';
import { CUSTOM } from '@/lib/trace-events';

const input = (id: number, text: string, timestamp = 0) => ({ type: 3, data: { source: 5, id, text, isChecked: false }, timestamp });
const editor = (target: number, text: string) => ({ type: 5, data: { tag: CUSTOM.editorText, payload: { target, editor: 'codemirror', text } }, timestamp: 0 });
const snapshot = { type: 2, data: { node: { type: 0, childNodes: [], id: 1 }, initialOffset: { top: 0, left: 0 } }, timestamp: 0 };
const long = 'a comment that is long enough for a delta to be worth its brackets: ';

const roundTrip = (events: unknown[]) => restoreTextDeltas(JSON.parse(JSON.stringify(encodeTextDeltas(events))) as unknown[]);

describe('textDelta', () => {
  it.each([
    ['typed at the end', 'abc', 'abcd', [3, 0, 'd']],
    ['deleted at the end', 'abcd', 'abc', [3, 0, '']],
    ['typed in the middle', 'abcd', 'abXcd', [2, 2, 'X']],
    ['a selection replaced', 'hello world', 'hello there world', [6, 5, 'there ']],
    ['everything replaced', 'abc', 'xyz', [0, 0, 'xyz']],
    ['a repeated letter typed (head wins)', 'aa', 'aaa', [2, 0, 'a']],
    ['cleared', 'abc', '', [0, 0, '']],
    ['unchanged', 'abc', 'abc', [3, 0, '']],
    ['an emoji typed after another: no surrogate pair is split', 'x😀', 'x😀😃', [3, 0, '😃']],
    ['an emoji replaced by one sharing its high surrogate', 'x😀y', 'x😃y', [1, 1, '😃']],
  ])('%s', (_name, before, after, delta) => {
    expect(textDelta(before, after)).toEqual(delta);
    expect(applyTextDelta(before, textDelta(before, after))).toBe(after);
  });

  it('keeps the longest head and then the longest tail, for any edit of a long value', () => {
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const naive = (a: string, b: string) => {
      let head = 0;
      while (head < Math.min(a.length, b.length) && a[head] === b[head]) head++;
      let tail = 0;
      while (tail < Math.min(a.length, b.length) - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
      return [head, tail];
    };
    for (let i = 0; i < 300; i++) {
      const before = Array.from({ length: random(3000) }, () => 'ab c\n'[random(5)]).join('');
      const at = random(before.length + 1);
      const cut = random(Math.min(20, before.length - at) + 1);
      const after = before.slice(0, at) + 'xyz '.slice(random(4)) + before.slice(at + cut);
      const delta = textDelta(before, after);
      expect(applyTextDelta(before, delta)).toBe(after);
      expect(delta.slice(0, 2)).toEqual(naive(before, after));
    }
  });

  it('refuses a delta that keeps more than its earlier value had', () => {
    expect(applyTextDelta('ab', [2, 1, 'x'])).toBeNull();
  });
});

describe('encodeTextDeltas then restoreTextDeltas', () => {
  const typed = (id: number, text: string) => Array.from({ length: text.length + 1 }, (_, n) => input(id, long + text.slice(0, n)));
  it.each([
    ['keystrokes in one field', typed(7, 'and then some more words')],
    ['two fields typed in turn', [input(1, long + 'a'), input(2, long + 'x'), input(1, long + 'ab'), input(2, long + 'xy')]],
    ['a code editor document', [editor(4, long.repeat(40)), editor(4, long.repeat(40) + '\n}'), editor(4, long.repeat(20) + long.repeat(20))]],
    ['a field and an editor with the same id', [input(4, long), editor(4, long + 'x'), input(4, long + 'y'), editor(4, long + 'xz')]],
    ['values across a full snapshot', [input(3, long + 'a'), snapshot, input(3, long + 'ab')]],
    ['checkboxes and short values', [input(5, 'on'), input(5, 'off'), input(5, '')]],
    ['secret fields, always the same mask', [input(6, '\u2022'.repeat(8)), input(6, '\u2022'.repeat(8))]],
  ])('%s come back exactly', (_name, events) => {
    expect(roundTrip(structuredClone(events))).toEqual(events);
  });

  it('keeps the first value of each field whole and only the change after it', () => {
    const encoded = encodeTextDeltas(typed(7, 'xyz')) as { data: { text?: string; textDelta?: unknown } }[];
    expect(encoded[0]!.data).toHaveProperty('text', long);
    for (const [n, e] of encoded.slice(1).entries()) expect(e.data).toEqual({ source: 5, id: 7, isChecked: false, textDelta: [long.length + n, 0, 'xyz'[n]] });
  });

  it('starts each field whole again after a full snapshot, whose nodes may have new ids', () => {
    const encoded = encodeTextDeltas([input(3, long + 'a'), snapshot, input(3, long + 'ab')]) as { data: { text?: string } }[];
    expect(encoded[2]!.data.text).toBe(long + 'ab');
  });

  it('leaves the events it was given untouched', () => {
    const events = typed(7, 'abc');
    const copy = structuredClone(events);
    encodeTextDeltas(events);
    expect(events).toEqual(copy);
  });

  it('drops a delta whose earlier value is missing rather than show a wrong text', () => {
    const [, second, third] = encodeTextDeltas(typed(7, 'ab'));
    expect(restoreTextDeltas(JSON.parse(JSON.stringify([second, third])) as unknown[])).toEqual([]);
    const forged = { type: 3, data: { source: 5, id: 7, isChecked: false, textDelta: [9999, 0, 'x'] }, timestamp: 0 };
    expect(restoreTextDeltas([input(7, 'short'), forged])).toEqual([input(7, 'short')]);
  });

  it.each(['codemirror-long', 'monaco-long', 'textarea-held-keys-abandoned', 'textarea-paste-ime', 'textarea-review', 'textarea-tab-switch', 'textarea-undo-nothing'])(
    'round-trips the trace recorded on %s and makes it no larger',
    (name) => {
      const { events } = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/traces', `${name}.json`), 'utf8')) as { events: unknown[] };
      const encoded = encodeTextDeltas(events);
      expect(restoreTextDeltas(JSON.parse(JSON.stringify(encoded)) as unknown[])).toEqual(events);
      expect(JSON.stringify(encoded).length).toBeLessThanOrEqual(JSON.stringify(events).length);
    },
  );

  it('shrinks the code editor traces, whose every change carries the whole document', () => {
    for (const name of ['codemirror-long', 'monaco-long']) {
      const { events } = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/traces', `${name}.json`), 'utf8')) as { events: unknown[] };
      const texts = (list: unknown[]) => JSON.stringify(list.filter((e) => JSON.stringify(e).includes(CUSTOM.editorText))).length;
      expect(texts(encodeTextDeltas(events)), name).toBeLessThan(texts(events) / 3);
    }
  });
});

describe('warmUpTextDeltas', () => {
  it('takes the path of a typed batch: every later value of its field and of its editor is kept as a change', () => {
    expect(warmUpTextDeltas()).toBe(30);
  });
});
