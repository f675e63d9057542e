/**
 * The nodes an event or a change of snapshot can leave looking different (lib/replay/touched-nodes.ts), which
 * decide what a seek's diff visits: naming too few would leave stale content on screen.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneSnapshot } from '../../components/player/diff-scope';
import { changedBetween, indexSnapshot, touchedBy, type SerializedLike } from '../../lib/replay/touched-nodes';

const mutation = (data: Record<string, unknown>) => ({ type: 3, data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data } });

const EVENTS: [what: string, event: { type: number; data?: unknown }, ids: number[], accounted: boolean][] = [
  ['a text change', mutation({ texts: [{ id: 7, value: 'x' }] }), [7], true],
  ['an attribute change', mutation({ attributes: [{ id: 8, attributes: { class: 'a' } }] }), [8], true],
  ['a removal: the node and its parent', mutation({ removes: [{ parentId: 3, id: 9 }] }), [3, 9], true],
  [
    'an addition: the parent and every node added, nested ones too',
    mutation({ adds: [{ parentId: 4, nextId: null, node: { type: 2, id: 10, tagName: 'div', attributes: {}, childNodes: [{ type: 3, id: 11, textContent: 'a' }] } }] }),
    [4, 10, 11],
    true,
  ],
  ['an input', { type: 3, data: { source: 5, id: 12, text: 'a', isChecked: false } }, [12], true],
  ['a scroll', { type: 3, data: { source: 3, id: 1, x: 0, y: 40 } }, [1], true],
  ['a stylesheet rule on an element', { type: 3, data: { source: 8, id: 13, adds: [{ rule: 'a{}', index: 0 }] } }, [13], true],
  ['a rule in a constructed stylesheet: no node', { type: 3, data: { source: 8, styleId: 2, adds: [] } }, [], true],
  ['a media interaction', { type: 3, data: { source: 7, id: 14, type: 0 } }, [14], true],
  ['pointer movement changes no node', { type: 3, data: { source: 1, positions: [{ x: 1, y: 2, id: 5, timeOffset: 0 }] } }, [], true],
  ['a selection changes no node the diff compares', { type: 3, data: { source: 14, ranges: [] } }, [], true],
  ['a viewport resize', { type: 3, data: { source: 4, width: 800, height: 600 } }, [], true],
  ['a full snapshot is compared whole, not here', { type: 2, data: { node: { type: 0, id: 1, childNodes: [] } } }, [], true],
  ['a custom event', { type: 5, data: { tag: 'shadowtrace:moment', payload: {} } }, [], true],
  ['an incremental source this code does not know', { type: 3, data: { source: 99, id: 15 } }, [], false],
  ['a mutation without its lists', { type: 3, data: { source: 0, adds: [] } }, [], false],
  ['an element event without an id', { type: 3, data: { source: 5, text: 'a' } }, [], false],
];

describe('touchedBy', () => {
  it.each(EVENTS)('%s', (_what, event, ids, accounted) => {
    const into = new Set<number>();
    expect(touchedBy(event, into)).toBe(accounted);
    expect([...into].sort((a, b) => a - b)).toEqual(ids);
  });

  it('accounts for every event rrweb recorded on real editor pages, and names every node they mutate', () => {
    for (const name of ['codemirror-long', 'monaco-long', 'contenteditable-note']) {
      const trace = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/traces', `${name}.json`), 'utf8')) as { events: { type: number; data: Record<string, unknown> }[] };
      let mutations = 0;
      for (const event of trace.events) {
        const into = new Set<number>();
        expect(touchedBy(event, into), `${name}: ${JSON.stringify(event).slice(0, 120)}`).toBe(true);
        if (event.type !== 3 || event.data.source !== 0) continue;
        mutations++;
        const named = [
          ...(event.data.texts as { id: number }[]).map((t) => t.id),
          ...(event.data.attributes as { id: number }[]).map((a) => a.id),
          ...(event.data.removes as { parentId: number; id: number }[]).flatMap((r) => [r.parentId, r.id]),
          ...(event.data.adds as { parentId: number; node: { id: number } }[]).flatMap((a) => [a.parentId, a.node.id]),
        ];
        for (const id of named) expect(into.has(id)).toBe(true);
      }
      expect(mutations, name).toBeGreaterThan(10);
    }
  });
});

const el = (id: number, tagName: string, attributes: Record<string, unknown>, childNodes: SerializedLike[] = []): SerializedLike => ({ id, type: 2, tagName, attributes, childNodes });
const text = (id: number, textContent: string): SerializedLike => ({ id, type: 3, textContent });
const page = (...body: SerializedLike[]): SerializedLike => ({ id: 1, type: 0, childNodes: [el(2, 'html', {}, [el(3, 'head', {}), el(4, 'body', { class: 'app' }, body)])] });

const BASE = page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'one')]), el(8, 'li', {}, [text(9, 'two')])]), el(10, 'textarea', { value: 'draft' }));

const SNAPSHOTS: [what: string, after: SerializedLike, ids: number[]][] = [
  ['the same page, serialized again', page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'one')]), el(8, 'li', {}, [text(9, 'two')])]), el(10, 'textarea', { value: 'draft' })), []],
  ['a text changed', page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'uno')]), el(8, 'li', {}, [text(9, 'two')])]), el(10, 'textarea', { value: 'draft' })), [7]],
  ['a field value changed', page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'one')]), el(8, 'li', {}, [text(9, 'two')])]), el(10, 'textarea', { value: 'final' })), [10]],
  ['an attribute added', page(el(5, 'ul', { class: 'open' }, [el(6, 'li', {}, [text(7, 'one')]), el(8, 'li', {}, [text(9, 'two')])]), el(10, 'textarea', { value: 'draft' })), [5]],
  ['a child added: its parent and it', page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'one')]), el(8, 'li', {}, [text(9, 'two')]), el(11, 'li', {}, [text(12, 'three')])]), el(10, 'textarea', { value: 'draft' })), [5, 11, 12]],
  ['a child removed: its parent (the diff removes what the parent no longer holds)', page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'one')])]), el(10, 'textarea', { value: 'draft' })), [5]],
  ['a new root element with the same children: it and the document', { id: 1, type: 0, childNodes: [el(20, 'html', {}, [el(3, 'head', {}), el(4, 'body', { class: 'app' }, [])])] }, [1, 4, 20]],
  ['children swapped: their parent', page(el(5, 'ul', {}, [el(8, 'li', {}, [text(9, 'two')]), el(6, 'li', {}, [text(7, 'one')])]), el(10, 'textarea', { value: 'draft' })), [5]],
  ['a node moved to another parent: both parents', page(el(5, 'ul', {}, [el(6, 'li', {}, [text(7, 'one'), el(8, 'li', {}, [text(9, 'two')])])]), el(10, 'textarea', { value: 'draft' })), [5, 6]],
];

describe('indexSnapshot', () => {
  it('finds every node by id, and its parent', () => {
    const { byId, parentOf } = indexSnapshot(BASE);
    expect([...byId.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([7, 6, 5, 4, 2, 1].map((id) => parentOf.get(id))).toEqual([6, 5, 4, 2, 1, undefined]);
  });
});

describe('changedBetween', () => {
  it.each(SNAPSHOTS)('%s', (_what, after, ids) => {
    const into = new Set<number>();
    changedBetween(BASE, after, into);
    expect([...into].sort((a, b) => a - b)).toEqual(ids);
  });

  it('finds exactly the one attribute changed deep inside a snapshot recorded from a real page', () => {
    const trace = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/traces/codemirror-long.json'), 'utf8')) as { events: { type: number; data: { node: SerializedLike } }[] };
    const root = trace.events.find((e) => e.type === 2)!.data.node;
    expect(indexSnapshot(root).byId.size).toBeGreaterThan(50);
    const copy = structuredClone(root);
    const same = new Set<number>();
    changedBetween(root, copy, same);
    expect([...same]).toEqual([]);

    const deepest = [...indexSnapshot(copy).byId.values()].filter((n) => n.type === 2).at(-1)!;
    deepest.attributes = { ...deepest.attributes, 'data-x': '1' };
    const changed = new Set<number>();
    changedBetween(root, copy, changed);
    expect([...changed]).toEqual([deepest.id]);
  });
});

describe('pruneSnapshot: what a scoped seek builds of a snapshot', () => {
  const root = page(
    el(5, 'ul', {}, [el(6, 'li', { class: 'a' }, [text(7, 'one')]), el(8, 'li', {}, [text(9, 'two')])]),
    el(12, 'link', { rel: 'stylesheet', _cssText: 'a{}' }),
    { id: 13, type: 2, tagName: 'svg', attributes: { width: '4' }, childNodes: [el(14, 'path', { d: 'M0 0' })], isSVG: true } as SerializedLike,
  );
  const ids = (n: SerializedLike): number[] => [n.id, ...(n.childNodes ?? []).flatMap(ids)];
  const find = (n: SerializedLike, id: number): SerializedLike | undefined => (n.id === id ? n : (n.childNodes ?? []).map((c) => find(c, id)).find(Boolean));

  it('builds the nodes in scope whole, and their other children bare, with nothing under them', () => {
    const pruned = pruneSnapshot(root, new Set([1, 2, 4, 5, 6]));
    expect(ids(pruned).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 12, 13]);
    expect(find(pruned, 6)!.attributes).toEqual({ class: 'a' });
    expect(find(pruned, 8)).toEqual({ id: 8, type: 2, tagName: 'li', attributes: {}, childNodes: [] });
    expect(find(pruned, 3)!.childNodes).toEqual([]);
  });

  it('keeps the kind an element is built as: an inlined stylesheet is a <style>, an SVG element stays SVG', () => {
    const pruned = pruneSnapshot(root, new Set([1, 2, 4]));
    expect(find(pruned, 12)).toMatchObject({ tagName: 'style', attributes: {} });
    expect(find(pruned, 13)).toMatchObject({ tagName: 'svg', isSVG: true, childNodes: [] });
  });

  it('leaves the snapshot itself as it was', () => {
    const before = JSON.stringify(root);
    pruneSnapshot(root, new Set([1]));
    expect(JSON.stringify(root)).toBe(before);
  });
});
