import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SLICE_ABOVE, allPieces, wantsPieces } from '@/lib/recorder/batch-pieces';
import { batchEventsText } from '@/lib/protocol';

type Event = { type: number; timestamp: number; data: Record<string, unknown> };

const { events: monaco } = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/traces/monaco-long.json'), 'utf8'),
) as { events: Event[] };
const mutations = monaco.filter((e) => e.type === 3 && e.data.source === 0);
const entries = (key: string) => mutations.flatMap((m) => m.data[key] as unknown[]);

/** `n` entries of a mutation list, taken in turn from what Monaco's page really added, changed or removed. */
function like(key: string, n: number): unknown[] {
  const real = entries(key);
  return Array.from({ length: n }, (_, i) => real[i % real.length]);
}

/** A mutation of Monaco's recording, grown to the size of a big render. */
function render(at: number, sizes: Record<string, number>, extra: Record<string, unknown> = {}): Event {
  const data: Record<string, unknown> = { source: 0 };
  for (const key of ['texts', 'attributes', 'removes', 'adds']) data[key] = like(key, sizes[key] ?? 0);
  return { type: 3, timestamp: at, data: { ...data, ...extra } };
}

// Ordinary events of the recording (its full snapshot, about 60 KB, is one value and goes whole).
const small = monaco.filter((e) => e.type === 3).slice(0, 40);
const big = render(1, { adds: 6000, texts: 50, attributes: 900 });
const CASES: [string, unknown[]][] = [
  ['a large render alone', [big]],
  ['a large render between ordinary events', [...small.slice(0, 20), big, ...small.slice(20)]],
  ['a large render first', [big, ...small]],
  ['a large render last', [...small, big]],
  ['two large renders side by side', [big, render(2, { removes: 3000, adds: 2500 })]],
  ['lists each below the threshold that add up above it', [render(3, { texts: 700, attributes: 700, removes: 300, adds: 700 })]],
  ['only one list filled', [render(4, { adds: 2500 })]],
  ['text beyond Latin-1 and JSON specials', [render(5, { adds: 2100 }, { note: 'caf\u00e9 \u2014 \u2019 \u2026 {"}] \ud83d\ude00' })]],
  ['a mutation of an iframe (extra keys kept)', [{ ...render(6, { adds: 3000 }), extra: [1, { a: 'b' }] }]],
];
const AS_RECORDED: [string, unknown[]] = ['no large render: Monaco as recorded', monaco];

describe('a batch serialised in pieces', () => {
  it.each([...CASES, AS_RECORDED])('joins back to its events: %s', (_name, events) => {
    const pieces = allPieces(events, 8 * 1024);
    expect(JSON.parse(batchEventsText(pieces)!)).toEqual(JSON.parse(JSON.stringify(events)));
    expect(pieces.every((p) => p.length > 0)).toBe(true);
  });

  it.each(CASES)('hands each run over as JSON.stringify gave it, a list of whole entries: %s', (_name, events) => {
    const runs = allPieces(events, 8 * 1024).filter((_, i) => i % 2 === 1);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) {
      const entries: unknown = JSON.parse(run);
      expect(Array.isArray(entries) && entries.length > 0).toBe(true);
      expect(JSON.stringify(entries)).toBe(run);
    }
  });

  it.each(CASES)('keeps each piece near its size, whatever the entries: %s', (_name, events) => {
    const size = 16 * 1024;
    const pieces = allPieces(events, size);
    const total = pieces.reduce((n, p) => n + p.length, 0);
    expect(pieces.length).toBeGreaterThanOrEqual(Math.floor(total / (2 * size)));
    // The first run of a list is short (its entries' size is not known yet); later runs follow the size.
    expect(pieces.every((p) => p.length < 3 * size)).toBe(true);
  });

  it('cuts only where there is a large mutation', () => {
    expect(wantsPieces(monaco)).toBe(false);
    expect(wantsPieces([...small, big])).toBe(true);
    expect(wantsPieces([render(7, { adds: SLICE_ABOVE })])).toBe(false);
    expect(wantsPieces([render(7, { adds: SLICE_ABOVE + 1 })])).toBe(true);
    // A full snapshot is one nested tree: it goes whole.
    expect(wantsPieces([{ type: 2, timestamp: 1, data: { node: { childNodes: like('adds', 5000) } } }])).toBe(false);
  });

  it('gives a batch without a large mutation in few pieces, the last only closing the list', () => {
    const pieces = allPieces(small);
    expect(pieces.at(-1)).toBe(']');
    expect(pieces[0]).toBe('[');
    expect(pieces.length).toBeLessThanOrEqual(5);
  });
});
