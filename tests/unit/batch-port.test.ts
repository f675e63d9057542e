import { describe, expect, it } from 'vitest';
import { batchPort } from '@/lib/recorder/batch-port';
import { PiecesAhead } from '@/lib/pieces-ahead';
import { BATCH_PORT, PortBatch, PortPiece, batchEventsText } from '@/lib/protocol';

/** A runtime whose ports the test answers and closes by hand. */
function fakeRuntime({ failConnects = 0 } = {}) {
  const ports: { name: string; sent: unknown[]; reply: (m: unknown) => void; disconnect: () => void }[] = [];
  let failures = failConnects;
  const connect = ({ name }: { name: string }) => {
    if (failures-- > 0) throw new Error('Extension context invalidated.');
    const onMessage: ((m: unknown) => void)[] = [];
    const onDisconnect: (() => void)[] = [];
    const sent: unknown[] = [];
    ports.push({ name, sent, reply: (m) => onMessage.forEach((f) => f(m)), disconnect: () => onDisconnect.forEach((f) => f()) });
    return {
      postMessage: (m: unknown) => sent.push(m),
      onMessage: { addListener: (f: (m: unknown) => void) => onMessage.push(f) },
      onDisconnect: { addListener: (f: () => void) => onDisconnect.push(f) },
    } as unknown as chrome.runtime.Port;
  };
  return { runtime: { connect } as unknown as Pick<typeof chrome.runtime, 'connect'>, ports };
}

const batch = (seq: number) => ({
  type: 'trace/batch' as const, traceId: 't', page: 1, seq, firstIndex: seq, count: 1, startedAt: 0, endedAt: 0,
  fullSnapshot: false, url: 'https://example.com/', title: '', events: '[{}]',
});

describe('the batch port', () => {
  it('sends every batch on one port and gives each its own reply, whatever their order', async () => {
    const { runtime, ports } = fakeRuntime();
    const { send } = batchPort(runtime);
    const first = send(batch(0));
    const second = send(batch(1));
    expect(ports).toHaveLength(1);
    expect(ports[0]!.name).toBe(BATCH_PORT);
    const ids = ports[0]!.sent.map((m) => (m as { id: number }).id);
    ports[0]!.reply({ id: ids[1], reply: { ok: false, kind: 'quota', message: 'full' } });
    ports[0]!.reply({ id: ids[0], reply: { ok: true } });
    await expect(first).resolves.toEqual({ ok: true });
    await expect(second).resolves.toEqual({ ok: false, kind: 'quota', message: 'full' });
  });

  it('ignores a reply that does not fit the protocol', async () => {
    const { runtime, ports } = fakeRuntime();
    const { send } = batchPort(runtime);
    const pending = send(batch(0));
    const { id } = ports[0]!.sent[0] as { id: number };
    ports[0]!.reply({ id, reply: { ok: 'yes' } });
    ports[0]!.reply('ok');
    ports[0]!.reply({ id, reply: { ok: true } });
    await expect(pending).resolves.toEqual({ ok: true });
  });

  it('fails what was in flight when the service worker stops, and opens a new port for the next batch', async () => {
    const { runtime, ports } = fakeRuntime();
    const { send } = batchPort(runtime);
    const lost = send(batch(0));
    ports[0]!.disconnect();
    await expect(lost).rejects.toThrow(/stopped before it confirmed/);
    const next = send(batch(0));
    expect(ports).toHaveLength(2);
    ports[1]!.reply({ id: (ports[1]!.sent[0] as { id: number }).id, reply: { ok: true } });
    await expect(next).resolves.toEqual({ ok: true });
  });

  it('rejects when no port can be opened, and tries again with the next batch', async () => {
    const { runtime, ports } = fakeRuntime({ failConnects: 1 });
    const { send } = batchPort(runtime);
    await expect(send(batch(0))).rejects.toThrow(/invalidated/);
    const next = send(batch(0));
    expect(ports).toHaveLength(1);
    ports[0]!.reply({ id: (ports[0]!.sent[0] as { id: number }).id, reply: { ok: true } });
    await expect(next).resolves.toEqual({ ok: true });
  });

  // Glue and run in turn, then the closing text (lib/recorder/batch-pieces.ts); the content script sends each
  // piece ahead as the pair that one task brought.
  const PIECES = ['[', '[{"a":1}]', ',', '[{"b":2}]', ']'];
  const inPieces = (seq: number) => ({ ...batch(seq), events: PIECES });
  const TEXT = '[{"a":1},{"b":2}]';

  /** What the background makes of what one port carried: the batches, their pieces put back in front. */
  function background(sent: unknown[]) {
    const ahead = new PiecesAhead();
    return sent.flatMap((raw) => {
      const piece = PortPiece.safeParse(raw);
      if (piece.success) return (ahead.add(piece.data), []);
      const parsed = PortBatch.parse(raw);
      return [ahead.take(parsed)];
    });
  }
  const texts = (sent: unknown[]) => background(sent).map((b) => b && batchEventsText(b.events));

  it('sends the pieces of a large batch ahead, and then the batch with its closing text only', () => {
    const { runtime, ports } = fakeRuntime();
    const pipe = batchPort(runtime);
    pipe.ahead(0, 0, PIECES.slice(0, 2));
    pipe.ahead(0, 2, PIECES.slice(2, 4));
    void pipe.send(inPieces(0), 0);
    const sent = ports[0]!.sent;
    expect(sent.slice(0, 2)).toEqual([
      { set: 0, pieces: ['[', '[{"a":1}]'] },
      { set: 0, pieces: [',', '[{"b":2}]'] },
    ]);
    expect(sent[2]).toMatchObject({ batch: { events: [']'] }, ahead: { set: 0, pieces: 4 } });
    expect(texts(sent)).toEqual([TEXT]);
  });

  it('sends with the batch the pieces that could not go ahead (recording held by a full disk)', () => {
    const { runtime, ports } = fakeRuntime();
    const pipe = batchPort(runtime);
    pipe.ahead(0, 0, PIECES.slice(0, 2));
    void pipe.send(inPieces(0), 0);
    expect(ports[0]!.sent[1]).toMatchObject({ batch: { events: PIECES.slice(2) }, ahead: { set: 0, pieces: 2 } });
    expect(texts(ports[0]!.sent)).toEqual([TEXT]);
  });

  it('sends a batch whole when its pieces went ahead on a port that has since closed, or when it is sent again', async () => {
    const { runtime, ports } = fakeRuntime();
    const pipe = batchPort(runtime);
    pipe.ahead(0, 0, PIECES.slice(0, 2));
    ports[0]!.disconnect(); // the service worker stopped
    pipe.ahead(0, 2, PIECES.slice(2, 4)); // not the batch's first piece: it stays with the batch
    const first = pipe.send(inPieces(0), 0);
    expect(ports[1]!.sent).toEqual([{ id: 0, batch: inPieces(0) }]);
    ports[1]!.disconnect();
    await expect(first).rejects.toThrow();
    void pipe.send(inPieces(0), 0); // the delivery queue's retry
    expect(ports[2]!.sent).toEqual([{ id: 1, batch: inPieces(0) }]);
    expect(background(ports[2]!.sent)).toEqual([inPieces(0)]);
    expect(texts(ports[2]!.sent)).toEqual([TEXT]);
  });

  it('the background forgets the pieces of earlier sets whose batch never came, when a later batch arrives', () => {
    const ahead = new PiecesAhead();
    ahead.add({ set: 0, pieces: ['[', '[{"lost":1}]'] }); // the page dropped this set's batch
    ahead.add({ set: 1, pieces: PIECES.slice(0, 2) });
    ahead.add({ set: 2, pieces: ['[', '[{"next":1}]'] });
    const taken = ahead.take({ id: 0, batch: { ...batch(1), events: PIECES.slice(2) }, ahead: { set: 1, pieces: 2 } });
    expect(taken && batchEventsText(taken.events)).toBe(TEXT);
    expect(ahead.heldChars).toBe('[[{"next":1}]'.length);
  });

  it('the background holds pieces up to a cap; past it the batch is refused, and comes again whole', () => {
    const ahead = new PiecesAhead(12);
    ahead.add({ set: 0, pieces: PIECES.slice(0, 2) });
    expect(ahead.heldChars).toBe(10);
    ahead.add({ set: 0, pieces: PIECES.slice(2, 4) }); // a page flooding the port, or a render too large
    expect(ahead.heldChars).toBe(0);
    expect(ahead.take({ id: 0, batch: { ...batch(0), events: [']'] }, ahead: { set: 0, pieces: 4 } })).toBeNull();
  });

  it('the background refuses a batch whose pieces did not all arrive on its port, and forgets them', () => {
    const ahead = new PiecesAhead();
    ahead.add({ set: 3, pieces: ['[{'] });
    const named = { id: 0, batch: { ...batch(0), events: ['}]'] }, ahead: { set: 3, pieces: 2 } };
    expect(ahead.take(named)).toBeNull();
    ahead.add({ set: 3, pieces: ['[{'] });
    expect(ahead.take({ ...named, ahead: { set: 3, pieces: 1 } })).toMatchObject({ events: ['[{', '}]'] });
    expect(ahead.take({ ...named, ahead: { set: 3, pieces: 1 } })).toBeNull();
  });
});
