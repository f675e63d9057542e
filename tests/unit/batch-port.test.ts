import { describe, expect, it } from 'vitest';
import { batchPort } from '@/lib/recorder/batch-port';
import { BATCH_PORT } from '@/lib/protocol';

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
    const send = batchPort(runtime);
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
    const send = batchPort(runtime);
    const pending = send(batch(0));
    const { id } = ports[0]!.sent[0] as { id: number };
    ports[0]!.reply({ id, reply: { ok: 'yes' } });
    ports[0]!.reply('ok');
    ports[0]!.reply({ id, reply: { ok: true } });
    await expect(pending).resolves.toEqual({ ok: true });
  });

  it('fails what was in flight when the service worker stops, and opens a new port for the next batch', async () => {
    const { runtime, ports } = fakeRuntime();
    const send = batchPort(runtime);
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
    const send = batchPort(runtime);
    await expect(send(batch(0))).rejects.toThrow(/invalidated/);
    const next = send(batch(0));
    expect(ports).toHaveLength(1);
    ports[0]!.reply({ id: (ports[0]!.sent[0] as { id: number }).id, reply: { ok: true } });
    await expect(next).resolves.toEqual({ ok: true });
  });
});
