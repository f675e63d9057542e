import { describe, expect, it } from 'vitest';
import { BatchReply, BeginReply, ToBackground, ToContent, batchEventsText } from '@/lib/protocol';

const batch = {
  type: 'trace/batch',
  traceId: 't1',
  page: 1,
  seq: 0,
  firstIndex: 0,
  count: 2,
  startedAt: 1,
  endedAt: 2,
  fullSnapshot: true,
  url: 'https://github.com/',
  title: 'GitHub',
  events: '[{},{}]',
};

describe('the message protocol', () => {
  it.each([
    ['a batch', batch, true],
    ['a begin', { type: 'session/begin', url: 'https://a.b/', title: '' }, true],
    ['a recorder failure', { type: 'recorder/failed', message: 'boom' }, true],
    ['an unknown type', { type: 'db/clear' }, false],
    ['a batch with no events', { ...batch, events: '' }, false],
    ['a batch with a negative seq', { ...batch, seq: -1 }, false],
    ['a batch counting zero events', { ...batch, count: 0 }, false],
    ['a batch with events as objects', { ...batch, events: [{}] }, false],
    ['a batch in pieces', { ...batch, events: ['[', '[{}]', ',', '[{}]', ']'] }, true],
    ['a batch with no pieces', { ...batch, events: [] }, false],
    ['a batch with a piece that is not text', { ...batch, events: ['[{}', 7] }, false],
    ['a batch with page 0', { ...batch, page: 0 }, false],
    ['a batch with a fractional page', { ...batch, page: 1.5 }, false],
    ['a batch starting at infinity', { ...batch, startedAt: Infinity }, false],
    ['a batch with an empty trace id', { ...batch, traceId: '' }, false],
    ['a batch with a title past 2048 characters', { ...batch, title: 'x'.repeat(2049) }, false],
    ['a resource fetch for an https image', { type: 'resource/fetch', url: 'https://a.b/c.png' }, true],
    ['a resource fetch for a file', { type: 'resource/fetch', url: 'file:///etc/passwd' }, false],
    ['a string', 'trace/batch', false],
    ['null', null, false],
  ])('%s parses: %s', (_name, message, ok) => {
    expect(ToBackground.safeParse(message).success).toBe(ok);
  });

  it.each([
    ['a whole list', '[{},{}]', '[{},{}]'],
    ['pieces: glue and runs in turn', ['[{"a":[', '[1,2]', ',', '[3]', ']},', '[{}]', ']'], '[{"a":[1,2,3]},{}]'],
    ['one piece: the list itself', ['[{}]'], '[{}]'],
    ['pieces that end in a run', ['[', '[{}]'], null],
    ['a run without its brackets', ['[', '{}', ']'], null],
    ['a run that is only a bracket', ['[', '[', ']'], null],
    ['pieces that join to less than a list', ['[', '[]', ''], null],
    ['text that is not a list', '{"a":1}', null],
    ['a last piece without those before it', ['}]'], null],
  ])('the background reads the events of %s', (_name, events, text) => {
    expect(batchEventsText(events)).toBe(text);
  });

  it.each([
    [BeginReply, { record: true, traceId: 'x', page: 2 }, true],
    [BeginReply, { record: false, reason: 'paused' }, true],
    [BeginReply, { record: true }, false],
    [BatchReply, { ok: true }, true],
    [BatchReply, { ok: false, kind: 'quota', message: 'full' }, true],
    [BatchReply, { ok: false, kind: 'disk-on-fire', message: '' }, false],
    [ToContent, { type: 'recording/set-paused', paused: true }, true],
    [ToContent, { type: 'recording/set-paused' }, false],
  ])('replies and controls are narrowed (%#)', (schema, value, ok) => {
    expect(schema.safeParse(value).success).toBe(ok);
  });
});
