import { describe, expect, it } from 'vitest';
import { Batcher } from '@/lib/recorder/batcher';
import { decodeBatch } from '@/lib/recorder/page-pipe';

function harness(maxEvents = 100) {
  const sent: string[] = [];
  const timers: (() => void)[] = [];
  const batcher = new Batcher({
    maxDelayMs: 2000,
    maxEvents,
    send: (w) => sent.push(w),
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
  });
  const decoded = () => sent.map((w) => decodeBatch(w)!);
  return { batcher, sent, timers, decoded };
}

const ev = (type: number, timestamp: number) => ({ type, timestamp, data: {} });

describe('the page batcher', () => {
  it('closes a batch just before a full snapshot, so a chunk starts at one', () => {
    const { batcher, decoded } = harness();
    batcher.push(ev(3, 1));
    batcher.push(ev(4, 2)); // Meta, then FullSnapshot
    batcher.push(ev(2, 3));
    batcher.flush();
    const batches = decoded();
    expect(batches.map((b) => b.header.fullSnapshot)).toEqual([false, true]);
    expect(JSON.parse(batches[1]!.events)[0].type).toBe(4);
  });

  it('numbers batches and events without gaps', () => {
    const { batcher, decoded } = harness(3);
    for (let i = 0; i < 10; i++) batcher.push(ev(3, i));
    batcher.flush();
    const headers = decoded().map((b) => b.header);
    expect(headers.map((h) => h.seq)).toEqual([0, 1, 2, 3]);
    expect(headers.map((h) => [h.firstIndex, h.count])).toEqual([[0, 3], [3, 3], [6, 3], [9, 1]]);
    expect(headers[1]).toMatchObject({ startedAt: 3, endedAt: 5 });
  });

  it('flushes on its timer, and never sends an empty batch', () => {
    const { batcher, sent, timers } = harness();
    batcher.flush();
    expect(sent).toEqual([]);
    batcher.push(ev(3, 1));
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(sent).toHaveLength(1);
  });

  it('discards what the senior paused on', () => {
    const { batcher, sent } = harness();
    batcher.push(ev(3, 1));
    batcher.discard();
    batcher.flush();
    expect(sent).toEqual([]);
  });

  it('hands on exactly the events it serialised, after what the encoder made of them', () => {
    const sent: string[] = [];
    const batcher = new Batcher({
      maxDelayMs: 2000,
      maxEvents: 100,
      send: (w) => sent.push(w),
      encode: (events) => events.map((e) => ({ ...e, data: { note: 'caf\u00e9 \u2026 {"}' } })),
      setTimer: () => undefined,
      clearTimer: () => undefined,
    });
    batcher.push(ev(3, 1));
    batcher.push(ev(3, 2));
    batcher.flush();
    const batch = decodeBatch(sent[0])!;
    expect(batch.header).toEqual({ seq: 0, firstIndex: 0, count: 2, startedAt: 1, endedAt: 2, fullSnapshot: false });
    expect(JSON.parse(batch.events)).toEqual([
      { type: 3, timestamp: 1, data: { note: 'caf\u00e9 \u2026 {"}' } },
      { type: 3, timestamp: 2, data: { note: 'caf\u00e9 \u2026 {"}' } },
    ]);
  });

  const HEADER = '{"seq":0,"firstIndex":0,"count":1,"startedAt":1,"endedAt":1,"fullSnapshot":false}';
  it.each([
    ['the old header line', `${HEADER}\n[{}]`],
    ['no header', '{"events":[{}]}'],
    ['a broken header', '{"batch":{"seq":,"events":[{}]}'],
    ['a header with a zero count', `{"batch":${HEADER.replace('"count":1', '"count":0')},"events":[]}`],
    ['a header with a string in it', `{"batch":${HEADER.replace('"seq":0', '"seq":"0"')},"events":[{}]}`],
    ['events that are not an array', `{"batch":${HEADER},"events":{}}`],
    ['not a string', 42],
  ])('a forged pipe message is ignored: %s', (_name, wire) => {
    expect(decodeBatch(wire)).toBeNull();
  });
});
