import { describe, expect, it } from 'vitest';
import { Batcher } from '@/lib/recorder/batcher';
import { decodeBatch } from '@/lib/recorder/page-pipe';
import { batchEventsText } from '@/lib/protocol';

function harness(maxEvents = 100) {
  const sent: string[] = [];
  const pieces: string[] = [];
  // What the content script receives, in order: each batch whole, or its pieces (glue, run) and then its end.
  const received: ReturnType<typeof decodeBatch>[] = [];
  const timers: (() => void)[] = [];
  const tasks: (() => void)[] = [];
  const idle: (() => void)[] = [];
  const batcher = new Batcher({
    maxDelayMs: 2000,
    maxEvents,
    send: (w) => {
      sent.push(w);
      received.push(decodeBatch(w, pieces.splice(0)));
    },
    sendPiece: (glue, run) => pieces.push(glue, run),
    setTimer: (fn) => timers.push(fn),
    clearTimer: () => undefined,
    later: (fn) => tasks.push(fn),
    whenIdle: (fn) => idle.push(fn),
  });
  const decoded = () => sent.map((w) => decodeBatch(w)!);
  /** Runs the queued tasks one by one, as the page would, counting them. */
  const runTasks = () => {
    let n = 0;
    while (tasks.length) {
      tasks.shift()!();
      n++;
    }
    return n;
  };
  const eventsOf = (i: number) => {
    const events = received[i]!.events;
    return JSON.parse(batchEventsText(events)!) as unknown[];
  };
  return { batcher, sent, pieces, received, timers, tasks, idle, runTasks, eventsOf, decoded };
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
    expect(JSON.parse(batches[1]!.events as string)[0].type).toBe(4);
  });

  it('closes the batch of a full snapshot at the next idle moment, before its timer', () => {
    const { batcher, decoded, timers, idle } = harness();
    batcher.push(ev(4, 1));
    batcher.push(ev(2, 2));
    batcher.push(ev(3, 3));
    expect(decoded()).toEqual([]);
    expect(idle).toHaveLength(1);
    idle.shift()!();
    expect(decoded().map((b) => [b.header.fullSnapshot, b.header.count])).toEqual([[true, 3]]);
    timers.shift()!(); // the batch's timer finds nothing left
    batcher.push(ev(3, 4)); // the next batch waits for its own timer
    expect(decoded()).toHaveLength(1);
    expect(idle).toHaveLength(0);
  });

  it('leaves the next batch to its timer when the timer closed the snapshot batch first', () => {
    const { batcher, decoded, timers, idle } = harness();
    batcher.push(ev(4, 1));
    batcher.push(ev(2, 2));
    timers.shift()!(); // two seconds without an idle moment
    batcher.push(ev(3, 3));
    idle.shift()!();
    expect(decoded().map((b) => b.header.count)).toEqual([2]);
    timers.shift()!();
    expect(decoded().map((b) => b.header.count)).toEqual([2, 1]);
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
      sendPiece: () => undefined,
      encode: (events) => events.map((e) => ({ ...e, data: { note: 'caf\u00e9 \u2026 {"}' } })),
      setTimer: () => undefined,
      clearTimer: () => undefined,
    });
    batcher.push(ev(3, 1));
    batcher.push(ev(3, 2));
    batcher.flush();
    const batch = decodeBatch(sent[0])!;
    expect(batch.header).toEqual({ seq: 0, firstIndex: 0, count: 2, startedAt: 1, endedAt: 2, fullSnapshot: false });
    expect(JSON.parse(batch.events as string)).toEqual([
      { type: 3, timestamp: 1, data: { note: 'caf\u00e9 \u2026 {"}' } },
      { type: 3, timestamp: 2, data: { note: 'caf\u00e9 \u2026 {"}' } },
    ]);
  });

  const HEADER = '{"seq":0,"firstIndex":0,"count":1,"startedAt":1,"endedAt":1,"fullSnapshot":false}';
  const added = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ parentId: 1, nextId: null, node: { type: 3, textContent: `row ${i} \u2014`, id: 10 + i } }));
  const render = (timestamp: number, n = 5000) => ({ type: 3, timestamp, data: { source: 0, texts: [], attributes: [], removes: [], adds: added(n) } });

  it('hands a batch with a large render over in pieces, two tasks a piece, that join back to its events', () => {
    const { batcher, sent, received, runTasks, eventsOf } = harness();
    const events = [ev(3, 1), render(2), ev(3, 3)];
    for (const e of events) batcher.push(e);
    batcher.push(ev(4, 4)); // closes the batch
    expect(sent).toEqual([]); // nothing serialised in the task that closed it
    const tasks = runTasks();
    expect(received).toHaveLength(1);
    const last = received[0]!;
    expect(Array.isArray(last.events) && last.events.length).toBeGreaterThan(3);
    // Two tasks for each piece (its glue and run), and one for the closing text.
    expect(tasks).toBe((last.events as string[]).length);
    expect(last.header).toMatchObject({ seq: 0, firstIndex: 0, count: 3, startedAt: 1, endedAt: 3 });
    expect(eventsOf(0)).toEqual(events);
  });

  it('serialises a piece in one task and sends it in the next, so that no task does both', () => {
    const { batcher, pieces, received, tasks } = harness(2);
    const stringify = JSON.stringify;
    let serialised = 0;
    JSON.stringify = ((...args: Parameters<typeof stringify>) => {
      serialised++;
      return stringify(...args);
    }) as typeof stringify;
    try {
      batcher.push(render(1));
      batcher.push(ev(3, 2)); // closes the batch: it goes in pieces
      const steps: { serialised: number; sent: number }[] = [];
      // Up to the closing text, which goes with the batch's header.
      while (tasks.length && received.length === 0) {
        const [before, sentBefore] = [serialised, pieces.length];
        tasks.shift()!();
        if (received.length === 0) steps.push({ serialised: serialised - before, sent: (pieces.length - sentBefore) / 2 });
      }
      expect(received).toHaveLength(1);
      const pieceTasks = steps.filter((s) => s.sent > 0);
      expect(pieceTasks.length).toBeGreaterThan(3);
      expect(steps.every((s) => s.sent === 0 || s.serialised === 0)).toBe(true);
      expect(pieceTasks.every((s) => s.sent === 1)).toBe(true);
    } finally {
      JSON.stringify = stringify;
    }
  });

  it('keeps batches closed meanwhile behind the one in pieces, in order', () => {
    const { batcher, received, runTasks, tasks } = harness(2);
    batcher.push(render(1));
    batcher.push(ev(3, 2)); // the first batch closes: it goes in pieces
    tasks.shift()!(); // its first piece
    batcher.push(ev(3, 3));
    batcher.push(ev(3, 4)); // a small batch closes while the first is still leaving
    expect(received).toEqual([]);
    runTasks();
    expect(received.map((b) => b!.header.seq)).toEqual([0, 1]);
  });

  it('finishes a batch that was leaving in pieces at once on flush (pagehide), and sends later ones whole', () => {
    const { batcher, received, runTasks, tasks, eventsOf } = harness(2);
    batcher.push(render(1));
    batcher.push(ev(3, 2));
    tasks.shift()!();
    tasks.shift()!();
    batcher.push(render(3));
    batcher.flush();
    expect(received.map((b) => b!.header.seq)).toEqual([0, 1]);
    expect(Array.isArray(received[0]!.events)).toBe(true);
    expect(typeof received[1]!.events).toBe('string');
    expect(eventsOf(0)).toEqual([render(1), ev(3, 2)]);
    expect(eventsOf(1)).toEqual([render(3)]);
    runTasks(); // the task queued before the flush finds nothing left
    expect(received).toHaveLength(2);
  });

  it('sends each piece once when a listener of a piece leaves the page (a flush from inside the hand-over)', () => {
    const received: ReturnType<typeof decodeBatch>[] = [];
    const pieces: string[] = [];
    const tasks: (() => void)[] = [];
    const batcher: Batcher<{ type: number; timestamp: number }> = new Batcher({
      maxDelayMs: 2000,
      maxEvents: 2,
      send: (w) => received.push(decodeBatch(w, pieces.splice(0))),
      sendPiece: (glue, run) => {
        pieces.push(glue, run);
        if (pieces.length === 2) batcher.flush();
      },
      setTimer: () => undefined,
      clearTimer: () => undefined,
      later: (fn) => tasks.push(fn),
    });
    batcher.push(render(1));
    batcher.push(ev(3, 2));
    while (tasks.length) tasks.shift()!();
    expect(received).toHaveLength(1);
    const events = received[0]!.events as string[];
    expect(JSON.parse(batchEventsText(events)!)).toEqual([render(1), ev(3, 2)]);
  });

  it('refuses pieces that do not start the events list, or that are not glue and run in turn', () => {
    const { header } = decodeBatch('{"batch":' + HEADER + ',"events":[{}]}')!;
    expect(header.count).toBe(1);
    const end = '{"batch":' + HEADER + ',"events":]}';
    expect(decodeBatch(end, ['', '[{}]'])).toBeNull();
    expect(decodeBatch(end, ['[', '[{}]', ','])).toBeNull();
    expect(decodeBatch(end, ['[', '[{}]'])).toMatchObject({ events: ['[', '[{}]', ']'] });
  });

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
