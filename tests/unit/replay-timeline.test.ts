import { describe, expect, it } from 'vitest';
import { eventsAfter, eventsUpTo, formatClock, forwardStep, pageAt, snapshotChunkAt, stepSpeed, type ChunkSpan } from '@/lib/replay/timeline';

/** Chunks of 100 events each; `S` marks a chunk that starts with a full snapshot. */
function chunks(spec: string, every = 1000): ChunkSpan[] {
  return [...spec].map((c, i) => ({
    seq: i,
    page: 1,
    startedAt: 10_000 + i * every,
    endedAt: 10_000 + i * every + every - 1,
    fullSnapshot: c === 'S',
    firstEvent: i * 100,
    count: 100,
  }));
}

describe('snapshotChunkAt: a seek replays from the nearest full snapshot at or before the time', () => {
  it.each([
    { spec: 'S....', t: 14_500, want: 0, why: 'only one snapshot: everything replays from it' },
    { spec: 'S..S.', t: 14_500, want: 3, why: 'the later snapshot is nearer' },
    { spec: 'S..S.', t: 12_999, want: 0, why: 'just before the second snapshot chunk starts' },
    { spec: 'S..S.', t: 13_000, want: 3, why: 'exactly at the second snapshot chunk' },
    { spec: 'S.S.S', t: 99_999, want: 4, why: 'after the end: the last snapshot' },
    { spec: '..S.S', t: 10_500, want: 2, why: 'before any snapshot: the first one (nothing before it can be drawn)' },
    { spec: 'SSSSS', t: 12_000, want: 2, why: 'every chunk a snapshot: its own' },
    { spec: '.....', t: 12_000, want: -1, why: 'no snapshot at all' },
    { spec: '', t: 12_000, want: -1, why: 'no chunks' },
  ])('$spec at $t -> $want ($why)', ({ spec, t, want }) => {
    expect(snapshotChunkAt(chunks(spec), t)).toBe(want);
  });

  it('passes over a snapshot chunk that leaves too few events for the Replayer', () => {
    const c = chunks('S...S');
    // 401 events in all: the last chunk starts at 400 and leaves one event.
    expect(snapshotChunkAt(c, 99_999, 401, 2)).toBe(0);
    expect(snapshotChunkAt(c, 99_999, 500, 2)).toBe(4);
  });
});

describe('pageAt', () => {
  const pages = [
    { page: 1, startedAt: 1000 },
    { page: 2, startedAt: 5000 },
    { page: 3, startedAt: 9000 },
  ];
  it.each([
    [500, 1],
    [1000, 1],
    [4999, 1],
    [5000, 2],
    [20_000, 3],
  ])('at %i the page on screen is %i', (t, page) => expect(pageAt(pages, t)).toBe(page));
});

describe('player helpers', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [61_000, '1:01'],
    [3_600_000 + 62_000, '1:01:02'],
  ])('formatClock(%i) = %s', (ms, text) => expect(formatClock(ms)).toBe(text));

  it.each([
    [1, 1, 2],
    [8, 1, 8],
    [0.5, -1, 0.5],
    [4, -1, 2],
    [3, 1, 8],
  ] as const)('stepSpeed(%f, %i) = %f', (speed, dir, want) => expect(stepSpeed(speed, dir)).toBe(want));
});

describe('forwardStep: how many events a seek adds to the page on screen, or -1 when it starts from a snapshot', () => {
  // Events every 100 ms from 0 to 1000; full snapshots at 0 and 500.
  const times = Array.from({ length: 11 }, (_, i) => i * 100);
  const snapshots = [0, 500];
  it.each([
    { from: 100, to: 300, want: 2, why: 'forward: the events at 200 and 300' },
    { from: 100, to: 100, want: 0, why: 'the same time: nothing to add' },
    { from: 150, to: 199, want: 0, why: 'forward between two events' },
    { from: 300, to: 100, want: -1, why: 'backward: from the snapshot again' },
    { from: 300, to: 600, want: -1, why: 'a snapshot in between' },
    { from: 300, to: 500, want: -1, why: 'landing on a snapshot applies it' },
    { from: 500, to: 700, want: 2, why: 'forward after the last snapshot' },
    { from: 1000, to: 5000, want: 0, why: 'past the end' },
  ])('$from -> $to: $want ($why)', ({ from, to, want }) => {
    expect(forwardStep(times, snapshots, from, to)).toBe(want);
  });
});

describe('eventsUpTo: what a paused seek hands rrweb (the first event, then from the last Meta before the target)', () => {
  // Meta (4) and full snapshot (2) at 0 and 100, incremental events (3) between.
  const events = [
    { type: 4, timestamp: 0 },
    { type: 2, timestamp: 1 },
    { type: 3, timestamp: 50 },
    { type: 4, timestamp: 100 },
    { type: 2, timestamp: 101 },
    { type: 3, timestamp: 150 },
    { type: 3, timestamp: 150 },
    { type: 3, timestamp: 200 },
  ];
  const CASES: [what: string, baseline: number, times: number[]][] = [
    ['inside the first snapshot window: from the start', 60, [0, 1, 50]],
    ['right after the second Meta: the first event, then that Meta', 101, [0, 100]],
    ['inside the second window: the first event, then the second window up to the target', 151, [0, 100, 101, 150, 150]],
    ['events stamped at the baseline are not applied yet', 150, [0, 100, 101]],
    ['past the end: the whole last window', 1000, [0, 100, 101, 150, 150, 200]],
    ['before anything: the first event alone', -5, [0]],
  ];
  it.each(CASES)('%s', (_what, baseline, times) => {
    expect(eventsUpTo(events, baseline).map((e) => e.timestamp)).toEqual(times);
  });
});

describe('eventsAfter: the events a seek applies after the snapshot it starts from', () => {
  const snapshot = { type: 2, timestamp: 100 };
  const events = [{ type: 4, timestamp: 100 }, snapshot, { type: 3, timestamp: 100 }, { type: 3, timestamp: 150 }, { type: 3, timestamp: 200 }];
  it.each([
    ['up to the baseline, the events stamped with the snapshot included', 151, [100, 150]],
    ['none when the target is the snapshot itself', 100, []],
    ['to the end', 1000, [100, 150, 200]],
  ] as [string, number, number[]][])('%s', (_what, baseline, times) => {
    expect(eventsAfter(events, snapshot, baseline).map((e) => e.timestamp)).toEqual(times);
  });
});
