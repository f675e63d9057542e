/** The extension's side of publishing (lib/published.ts): pure pieces of the clip editor, player and badge. */
import { describe, expect, it } from 'vitest';
import { bundleFromClip } from '@/lib/bundle';
import { clipEvents } from '@/lib/clip';
import {
  badgeText,
  expiryFor,
  isShareApiUrl,
  linkOf,
  loadedTraceFromBundle,
  redactionsOf,
  setRangeEnd,
  setRangeStart,
  threadOf,
  unansweredTotal,
  whyPrompts,
  withRedaction,
} from '@/lib/published';
import { storedNodeIdSelector } from '@/lib/redact';
import { snapshotChunkAt } from '@/lib/replay/timeline';
import { END, MOMENTS, NOTES, privacyTrace, REDACTIONS, START } from './clip-trace';

const bounds = { start: 1000, end: 9000 };

describe('range at the playhead', () => {
  it.each([
    ['start inside', { start: 1000, end: 9000 }, 3000, { start: 3000, end: 9000 }],
    ['start past the end moves the end out', { start: 1000, end: 4000 }, 5000, { start: 5000, end: 9000 }],
    ['start before the trace is clamped', { start: 2000, end: 4000 }, 0, { start: 1000, end: 4000 }],
  ])('Set start: %s', (_name, range, t, want) => {
    expect(setRangeStart(range, t, bounds)).toEqual(want);
  });

  it.each([
    ['end inside', { start: 1000, end: 9000 }, 6000, { start: 1000, end: 6000 }],
    ['end before the start moves the start back', { start: 5000, end: 9000 }, 3000, { start: 1000, end: 3000 }],
    ['end past the trace is clamped', { start: 2000, end: 4000 }, 99_999, { start: 2000, end: 9000 }],
  ])('Set end: %s', (_name, range, t, want) => {
    expect(setRangeEnd(range, t, bounds)).toEqual(want);
  });
});

describe('why? prompts', () => {
  const moments = [
    { t: 1500, kind: 'pause', duration: 2500 },
    { t: 2500, kind: 'pause', duration: 9000 },
    { t: 3500, kind: 'pause', duration: 4000 },
    { t: 4500, kind: 'pause', duration: 3000 },
    { t: 5000, kind: 'undo', duration: 0 },
    { t: 6000, kind: 'abandoned', duration: 800 },
    { t: 7000, kind: 'burst', duration: 800 },
    { t: 9500, kind: 'undo', duration: 0 },
  ];

  it('asks about the biggest pauses, every undo and abandoned draft inside the range, in time order', () => {
    const prompts = whyPrompts(moments, { start: 1000, end: 9000 });
    expect(prompts.map((p) => [p.t, p.kind])).toEqual([
      [2500, 'pause'],
      [3500, 'pause'],
      [4500, 'pause'],
      [5000, 'undo'],
      [6000, 'abandoned'],
    ]);
    expect(prompts[0]!.question).toBe('Why the 9.0 s pause here?');
  });

  it('leaves out moments already explained by a note (the next pause takes its place), and caps the count', () => {
    expect(whyPrompts(moments, { start: 1000, end: 9000 }, { notes: [{ t: 2600 }], nearMs: 200 }).filter((p) => p.kind === 'pause').map((p) => p.t)).toEqual([
      1500, 3500, 4500,
    ]);
    expect(whyPrompts(moments, { start: 1000, end: 9000 }, { notes: [{ t: 2600 }], nearMs: 200, max: 2 }).map((p) => p.t)).toEqual([3500, 4500]);
  });
});

describe('redactions as a clip row keeps them', () => {
  it('keeps the picked size for hide, and reads node ids back', () => {
    const rows = [
      { selector: storedNodeIdSelector(12), mode: 'hide' as const, size: { width: 300, height: 40 } },
      { selector: '#masked', mode: 'mask' as const, size: { width: 10, height: 10 } },
    ];
    expect(redactionsOf(rows)).toEqual([
      { mode: 'hide', nodeId: 12, size: { width: 300, height: 40 } },
      { mode: 'mask', selector: '#masked' },
    ]);
  });

  it('picking the same element again replaces its mode', () => {
    const list = withRedaction([{ selector: 'rrweb-id:3', mode: 'hide' }], { selector: 'rrweb-id:3', mode: 'mask' });
    expect(list).toEqual([{ selector: 'rrweb-id:3', mode: 'mask' }]);
  });
});

describe('a decoded bundle as the replay engine plays it', () => {
  it('one snapshot chunk from 0, one page, the duration as its end', () => {
    const clip = clipEvents(privacyTrace(), { start: START, end: END }, { redactions: REDACTIONS, moments: MOMENTS, notes: NOTES });
    const bundle = bundleFromClip(clip, { title: 'Choosing a name' });
    const trace = loadedTraceFromBundle(bundle);
    expect(trace.start).toBe(0);
    expect(trace.end).toBe(END - START);
    expect(trace.chunks[0]).toMatchObject({ firstEvent: 0, fullSnapshot: true, startedAt: 0 });
    expect(trace.chunks.reduce((n, c) => n + c.count, 0)).toBe(bundle.events.length);
    expect(snapshotChunkAt(trace.chunks, 10, trace.events.length, 2)).toBe(0);
    expect(trace.title).toBe('Choosing a name');
  });

  it('a reload inside the range starts a second chunk and page at its Meta event', () => {
    const meta = { type: 4, timestamp: 0, data: { href: 'about:blank', width: 800, height: 600 } };
    const full = { type: 2, timestamp: 0, data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } } };
    const move = { type: 3, timestamp: 50, data: { source: 1, positions: [] } };
    const events = [meta, full, move, { ...meta, timestamp: 100 }, { ...full, timestamp: 100 }, { ...move, timestamp: 150 }];
    const trace = loadedTraceFromBundle({ events, title: 't', duration: 200 } as never);
    expect(trace.chunks.map((c) => [c.firstEvent, c.count, c.startedAt])).toEqual([
      [0, 3, 0],
      [3, 3, 100],
    ]);
    expect(trace.pages.map((p) => p.startedAt)).toEqual([0, 100]);
    expect(snapshotChunkAt(trace.chunks, 120, events.length, 2)).toBe(1);
  });
});

describe('published links', () => {
  it('expiry in seconds for the hub', () => {
    expect(expiryFor(30)).toEqual({ expiresIn: 30 * 86400 });
  });

  it('the badge counts unanswered questions on active links only', () => {
    expect(unansweredTotal([{ status: 'active', unanswered: 2 }, null, { status: 'revoked', unanswered: 5 }, { status: 'active', unanswered: 1 }])).toBe(3);
    expect(badgeText(0)).toBe('');
    expect(badgeText(3)).toBe('3');
    expect(badgeText(250)).toBe('99+');
  });

  it('a row link is read back, a damaged one is null', () => {
    const key = 'A'.repeat(42) + 'A';
    const url = `http://127.0.0.1:8787/s/${'a'.repeat(22)}#k=${key}`;
    expect(linkOf({ published: { url, revokeToken: 'x', expiresAt: null } })).toEqual({ service: 'http://127.0.0.1:8787', id: 'a'.repeat(22), key });
    expect(linkOf({ published: { url: 'https://x/s/short#k=1', revokeToken: 'x', expiresAt: null } })).toBeNull();
    expect(linkOf({ published: null })).toBeNull();
  });

  it('threads pair answers with their question, even an answer listed first (a tie on the clock)', () => {
    const q = (id: string) => ({ id, kind: 'question' as const });
    const a = (id: string, replyTo: string) => ({ id, kind: 'answer' as const, replyTo });
    const threads = threadOf([a('a1', 'q1'), q('q1'), q('q2'), a('a2', 'q1'), a('x', 'gone')]);
    expect(threads.map((t) => [t.question.id, t.answers.map((x) => x.id)])).toEqual([
      ['q1', ['a1', 'a2']],
      ['q2', []],
    ]);
  });

  it.each([
    ['http://127.0.0.1:8787/api/v1/links', true],
    ['https://hub.example.com/team/api/v1/links/abc/thread', true],
    ['https://hub.example.com/api/v1/links?expiresIn=60', true],
    ['https://hub.example.com/healthz', true],
    ['http://hub.example.com/api/v1/links', false],
    ['https://bank.example.com/transfer', false],
    ['https://user:pw@hub.example.com/api/v1/links', false],
    ['chrome://settings', false],
  ])('the background relays %s: %s', (url, ok) => {
    expect(isShareApiUrl(url)).toBe(ok);
  });
});

describe('share service settings', () => {
  it.each([
    ['https://hub.example.com', 'https://hub.example.com/*'],
    ['https://hub.example.com:8443/team/', 'https://hub.example.com/*'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1/*'],
  ])('asks host access for %s as %s', async (service, pattern) => {
    const { originPatternOf } = await import('@/lib/share-settings');
    expect(originPatternOf(service)).toBe(pattern);
  });
});
