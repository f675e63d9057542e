import { describe, expect, it } from 'vitest';
import { compressText, decodeChunkEvents, decompressText } from '@/lib/chunk-codec';

describe('the chunk codec', () => {
  it('round-trips a chunk of events, including non-ASCII text', async () => {
    const events = [{ type: 3, data: { source: 5, text: 'naïve — 草稿 🚀' }, timestamp: 1 }];
    const bytes = await compressText(JSON.stringify(events));
    expect(await decodeChunkEvents(bytes)).toEqual(events);
  });

  it('compresses a repetitive chunk as a whole far below its size', async () => {
    const events = Array.from({ length: 500 }, (_, i) => ({ type: 3, data: { source: 5, text: `draft ${i}` }, timestamp: i }));
    const text = JSON.stringify(events);
    const bytes = await compressText(text);
    expect(bytes.byteLength * 5).toBeLessThan(text.length);
    expect(await decompressText(bytes)).toBe(text);
  });

  it.each([
    ['truncated', async () => (await compressText('[1,2,3]')).slice(0, 10)],
    ['a flipped byte', async () => {
      const b = await compressText('[{"a":1},{"b":2}]');
      b[b.length - 6]! ^= 0xff;
      return b;
    }],
    ['not gzip at all', async () => new TextEncoder().encode('[1,2,3]')],
  ])('refuses a damaged chunk (%s) with a clear message', async (_name, make) => {
    await expect(decodeChunkEvents(await make())).rejects.toThrow(/damaged/);
  });

  it('refuses a chunk that does not hold a list', async () => {
    await expect(decodeChunkEvents(await compressText('{"a":1}'))).rejects.toThrow(/list of events/);
  });
});
