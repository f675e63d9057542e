import { describe, expect, it } from 'vitest';
import { clipEvents } from '@/lib/clip';
import { HIDDEN_ATTRIBUTE, MASK, redactEvents, redactionsFromClipRow, Redactor, SelectorError, storedNodeIdSelector, type Redaction } from '@/lib/redact';
import { compileSelector, matches } from '@/lib/redact/selector';
import { VirtualDom } from '@/lib/clip/vdom';
import { baseSnapshot, END, findNode, input, mutation, privacyTrace, REDACTIONS, snapshotOf, START } from './clip-trace';

const range = { start: START, end: END };

describe('redactions on a clip', () => {
  it('control: without redactions the hidden and masked text is in the clip', () => {
    const json = JSON.stringify(clipEvents(privacyTrace(), range).events);
    for (const s of ['HIDDEN_START', 'HIDDEN_TYPED', 'HIDDEN_ADDED', 'LATE_HIDDEN', 'MASKME', 'MASKED_TYPED']) expect(json).toContain(s);
  });

  it('hide: a same-size placeholder in the snapshot, with no subtree and no text attributes', () => {
    const node = findNode(snapshotOf(clipEvents(privacyTrace(), range, { redactions: REDACTIONS }).events), 14)!;
    expect(node.childNodes).toEqual([]);
    expect(node.attributes).toMatchObject({ class: 'secret-panel', [HIDDEN_ATTRIBUTE]: 'hidden' });
    expect((node.attributes as { style: string }).style).toContain('width: 300px !important; height: 40px !important');
    expect(node.attributes).not.toHaveProperty('title');
  });

  it('hide: later inputs, texts, adds and attribute changes inside are dropped; an element added later is hidden too', () => {
    const out = clipEvents(privacyTrace(), range, { redactions: REDACTIONS });
    const json = JSON.stringify(out.events);
    for (const s of ['HIDDEN_TYPED', 'HIDDEN_TEXT_2', 'HIDDEN_ADDED', 'LATE_HIDDEN', 'HIDDEN_ATTR']) expect(json).not.toContain(s);
    const late = out.events.find((e) => JSON.stringify(e).includes('"id":40'));
    expect(JSON.stringify(late)).toContain(HIDDEN_ATTRIBUTE);
    expect(out.report.redact.hiddenElements).toBeGreaterThanOrEqual(2);
  });

  it('mask: text and text attributes become a fixed mask that does not give away the length', () => {
    const out = clipEvents(privacyTrace(), range, { redactions: REDACTIONS });
    const p = findNode(snapshotOf(out.events), 16)!;
    expect(p.attributes).toMatchObject({ id: 'masked', title: MASK });
    expect(findNode(p, 17)!.textContent).toBe(MASK);
    expect(JSON.stringify(out.events)).toContain(`{"id":17,"value":"${MASK}"}`);
  });

  it.each<[string, Redaction[], string[], string[]]>([
    ['node id, hide', [{ mode: 'hide', nodeId: 10 }], ['VISIBLE_AT_START'], ['hello world']],
    ['node id, mask', [{ mode: 'mask', nodeId: 12 }], ['hello world', 'INSIDE_TEXT'], ['VISIBLE_AT_START']],
    ['descendant selector', [{ mode: 'mask', selector: 'body > div[contenteditable] ' }], ['hello world'], ['VISIBLE_AT_START']],
    ['attribute selector', [{ mode: 'hide', selector: 'input[type="text"]#name' }], ['VISIBLE_AT_START'], ['hello world']],
    ['list with :not', [{ mode: 'mask', selector: 'p:not(.x), #editor' }], ['hello world', 'MASKME'], ['VISIBLE_AT_START']],
  ])('%s', (_label, redactions, gone, kept) => {
    const json = JSON.stringify(clipEvents(privacyTrace(), range, { redactions }).events);
    for (const s of gone) expect(json, s).not.toContain(s);
    for (const s of kept) expect(json, s).toContain(s);
  });

  it('an element that starts to match a hide selector later is replaced by its placeholder from then on', () => {
    const events = [
      ...baseSnapshot([{ type: 2, id: 10, tagName: 'div', attributes: {}, childNodes: [{ type: 3, id: 11, textContent: 'shown' }] }]),
      mutation(100, { attributes: [{ id: 10, attributes: { class: 'private' } }] }),
      mutation(200, { texts: [{ id: 11, value: 'NOW_PRIVATE' }] }),
    ];
    const out = redactEvents(events, [{ mode: 'hide', selector: '.private' }]).events;
    expect(JSON.stringify(out)).not.toContain('NOW_PRIVATE');
    const change = out[2]!.data as { removes: unknown[]; adds: { node: Record<string, unknown> }[] };
    expect(change.removes).toEqual([{ parentId: 4, id: 10 }]);
    expect(change.adds[0]!.node).toMatchObject({ id: 10, childNodes: [] });
  });

  it('an element that starts to match a mask selector later has what it shows masked', () => {
    const events = [
      ...baseSnapshot([{ type: 2, id: 10, tagName: 'div', attributes: { title: 'T1' }, childNodes: [{ type: 3, id: 11, textContent: 'EARLIER' }] }]),
      mutation(100, { attributes: [{ id: 10, attributes: { class: 'private' } }] }),
      input(150, 10, 'x'),
    ];
    const out = redactEvents(events, [{ mode: 'mask', selector: '.private' }]).events;
    const change = out[2]!.data as { texts: unknown[]; attributes: unknown[] };
    expect(change.texts).toContainEqual({ id: 11, value: MASK });
    expect(change.attributes).toContainEqual({ id: 10, attributes: { title: MASK } });
    expect((out[3]!.data as { text: string }).text).toBe(MASK);
  });

  it('canvas frames and editor text inside redacted elements are dropped or masked', () => {
    const events = [
      ...baseSnapshot([
        { type: 2, id: 10, tagName: 'canvas', attributes: {}, childNodes: [] },
        { type: 2, id: 11, tagName: 'div', attributes: { class: 'cm-editor' }, childNodes: [] },
      ]),
      { type: 5, timestamp: 5, data: { tag: 'shadowtrace/canvas-frame', payload: { target: 10, width: 1, height: 1, dataUrl: 'data:image/png;base64,AAAA' } } },
      { type: 5, timestamp: 6, data: { tag: 'shadowtrace/editor-text', payload: { target: 11, editor: 'codemirror', text: 'EDITOR_SECRET' } } },
    ];
    const out = redactEvents(events, [
      { mode: 'mask', nodeId: 10 },
      { mode: 'mask', nodeId: 11 },
    ]).events;
    expect(out.some((e) => JSON.stringify(e).includes('canvas-frame'))).toBe(false);
    expect(JSON.stringify(out)).not.toContain('EDITOR_SECRET');
  });

  it('events about unknown nodes are treated as hidden (fail closed)', () => {
    const r = new Redactor([{ mode: 'hide', nodeId: 999 }]);
    expect(r.redact(input(1, 5, 'NO_TREE_YET'))).toBeNull();
  });

  it('ClipRow redactions: rrweb-id:<n> is a node id, anything else a selector', () => {
    expect(redactionsFromClipRow([{ selector: storedNodeIdSelector(42), mode: 'hide' }, { selector: '.a', mode: 'mask' }])).toEqual([
      { mode: 'hide', nodeId: 42 },
      { mode: 'mask', selector: '.a' },
    ]);
  });
});

describe('selector engine', () => {
  const dom = new VirtualDom();
  dom.load(snapshotOf(privacyTrace()));
  it.each([
    ['div', [12, 14, 26]],
    ['#editor', [12]],
    ['.secret-panel input', [19]],
    ['.secret-panel > input[type=text]', [19]],
    ['input[type="text" i]', [10, 19]],
    ['p + select', [20]],
    ['p ~ input', [25]],
    ['[id^=scr]', [26]],
    ['[id$=ller]', [26]],
    ['[id*=rol]', [26]],
    ['html body *:not(div):not(input):not(option)', [11, 16, 20]],
    ['textarea, #agree', [11, 25]],
  ])('%s', (selector, ids) => {
    const sel = compileSelector(selector);
    const found: number[] = [];
    for (let id = 1; id < 100; id++) if (matches(dom, id, sel)) found.push(id);
    expect(found).toEqual(ids);
  });

  it.each(['', 'div:hover', 'a::before', 'div[', '> div', 'div,', 'svg|rect'])('refuses %j', (selector) => {
    expect(() => compileSelector(selector)).toThrow(SelectorError);
  });
});
