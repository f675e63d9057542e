/** Packing recorded DOM trees for storage: large strings out as assets, sequential ids left out, all put back exactly. */
import { describe, expect, it } from 'vitest';
import { decodeStoredChunk, encodeChunk } from '@/lib/chunk-codec';
import {
  ASSET_MIN_CHARS,
  MissingAssetError,
  dropSequentialIds,
  findLargeStrings,
  packEvents,
  sha256Hex,
  unpackEvents,
  worthPacking,
} from '@/lib/snapshot-pack';
import { BIG_CSS, IMAGE, LINK_CSS, fullSnapshot, input, meta } from './snapshot-fixture';

const clone = <T>(v: T): T => structuredClone(v);
const big = 'x'.repeat(ASSET_MIN_CHARS);
const el = (attributes: Record<string, unknown>, id = 1) => ({ type: 2, tagName: 'div', attributes, childNodes: [], id });
const snap = (node: object) => ({ type: 2, timestamp: 1, data: { node, initialOffset: { top: 0, left: 0 } } });
const adds = (...nodes: object[]) => ({ type: 3, timestamp: 2, data: { source: 0, adds: nodes.map((node) => ({ parentId: 1, nextId: null, node })), removes: [], texts: [], attributes: [] } });

describe('which strings become assets', () => {
  it.each([
    ['an inlined stylesheet', [snap(el({ _cssText: big }))], ['_cssText']],
    ['a data-URL image', [snap(el({ src: `data:image/png;base64,${big}` }))], ['src']],
    ['a canvas image', [snap(el({ rr_dataURL: big }))], ['rr_dataURL']],
    ['a style element’s text', [snap({ type: 3, textContent: big, isStyle: true, id: 1 })], ['textContent']],
    ['a stylesheet a mutation adds', [adds(el({ _cssText: big }))], ['_cssText']],
    ['a string one character too short', [snap(el({ _cssText: big.slice(1) }))], []],
    ['ordinary page text, however long', [snap({ type: 3, textContent: big, id: 1 })], []],
    ['a large string outside any node tree', [{ type: 5, timestamp: 1, data: { tag: 'x', payload: { dataUrl: big } } }], []],
    ['an input event', [input(1, big)], []],
  ])('%s', (_name, events, keys) => {
    expect(findLargeStrings(events).map((s) => s.key)).toEqual(keys);
  });

  it('blanks a reference the page forged, so that loading cannot put another page’s asset in', () => {
    const node = el({ _cssText: { $asset: 'f'.repeat(64) }, title: 'ok' });
    expect(findLargeStrings([snap(node)])).toEqual([]);
    expect(node.attributes).toEqual({ _cssText: '', title: 'ok' });
  });
});

describe('sequential node ids', () => {
  it.each([
    ['in document order: only the first stays', { type: 0, id: 5, childNodes: [{ ...el({}, 6), childNodes: [el({}, 7)] }, el({}, 8)] }, [5], true],
    ['a jump keeps the id after it', { type: 0, id: 5, childNodes: [el({}, 6), el({}, 9), el({}, 10)] }, [5, 9], true],
    ['a node without an id leaves every id in place', { type: 0, id: 5, childNodes: [{ type: 2, tagName: 'p', attributes: {}, childNodes: [] }] }, [5], false],
  ])('%s', (_name, node, kept, dropped) => {
    const events = [snap(clone(node))];
    expect(dropSequentialIds(events)).toBe(dropped);
    const ids: number[] = [];
    JSON.stringify(events, (k, v: unknown) => (k === 'id' && typeof v === 'number' ? (ids.push(v), v) : v));
    expect(dropped ? ids : kept).toEqual(kept);
    unpackEvents(events, new Map(), dropped);
    expect(events).toEqual([snap(node)]);
  });

  it('leaves mutations alone: their nodes are not numbered in one walk', () => {
    const events = [adds(el({}, 3), el({}, 4))];
    expect(dropSequentialIds(events)).toBe(false);
    expect(events).toEqual([adds(el({}, 3), el({}, 4))]);
  });
});

describe('a packed chunk decodes to exactly the recorded events', () => {
  const recorded = [meta(1), fullSnapshot(2, 1), input(3, 'typed'), fullSnapshot(4, 100, { text: 'later' }), adds(el({ _cssText: BIG_CSS }, 300))];

  it('round-trips, with each distinct string stored once', async () => {
    const text = JSON.stringify(recorded);
    const encoded = await encodeChunk(text, true);
    const hashes = await Promise.all([BIG_CSS, LINK_CSS, IMAGE].map(sha256Hex));
    expect(encoded.assets.map((a) => a.hash)).toEqual([...hashes].sort());
    expect(encoded.implicitIds).toBe(true);
    expect(encoded.data.byteLength).toBeLessThan(text.length / 10);
    const assets = new Map([[hashes[0]!, BIG_CSS], [hashes[1]!, LINK_CSS], [hashes[2]!, IMAGE]]);
    const row = { data: encoded.data, assets: encoded.assets.map((a) => a.hash), implicitIds: true as const };
    expect(await decodeStoredChunk(row, assets)).toEqual(recorded);
  });

  it('fails like a damaged chunk when one of its assets is gone', async () => {
    const encoded = await encodeChunk(JSON.stringify(recorded), true);
    const row = { data: encoded.data, assets: encoded.assets.map((a) => a.hash), implicitIds: true as const };
    await expect(decodeStoredChunk(row, new Map())).rejects.toThrow(MissingAssetError);
  });

  it('offers a chunk only its own assets', async () => {
    const events = [snap(el({ _cssText: big }))];
    const { assets } = await packEvents(events);
    const [hash] = [...assets.keys()];
    expect(() => unpackEvents(clone(events), new Map(), false)).toThrow(MissingAssetError);
    const encoded = await encodeChunk(JSON.stringify([snap(el({ _cssText: big }))]), true);
    await expect(decodeStoredChunk({ data: encoded.data, assets: [] }, new Map([[hash!, big]]))).resolves.toEqual([snap(el({ _cssText: { $asset: hash } }))]);
  });

  it.each([
    ['a batch without snapshots or styles', JSON.stringify([input(1, 'a'), input(2, 'b')]), false],
    ['a batch that is not JSON', '[{"type":2', true],
    ['a full snapshot without large strings', JSON.stringify([snap(el({ class: 'a' }))]), true],
  ])('stores %s without assets', async (_name, text, fullSnapshot) => {
    const encoded = await encodeChunk(text, fullSnapshot);
    expect(encoded.assets).toEqual([]);
  });
});

describe('which batches are worth parsing', () => {
  it.each([
    ['a full snapshot', '[]', true, true],
    ['a short batch', '[{"type":3}]', false, false],
    ['a long batch of input', JSON.stringify(Array.from({ length: 100 }, (_, i) => input(i, 'typing'))), false, false],
    ['a long batch that inlines a stylesheet', JSON.stringify([adds(el({ _cssText: big }))]), false, true],
    ['a long batch with a data URL', JSON.stringify([adds(el({ src: `data:${big}` }))]), false, true],
  ])('%s', (_name, text, fullSnapshot, worth) => {
    expect(worthPacking(text, fullSnapshot)).toBe(worth);
  });
});
