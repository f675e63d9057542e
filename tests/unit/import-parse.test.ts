import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAX_IMPORT_BYTES,
  checkFileSize,
  parseRecording,
  siteOf,
  titleFromFileName,
  type ImportProblemKind,
} from '@/lib/import/parse';

const meta = (t: number, href = 'https://docs.example.com/page') => ({ type: 4, data: { href, width: 1024, height: 768 }, timestamp: t });
const full = (t: number) => ({
  type: 2,
  data: { node: { type: 0, id: 1, childNodes: [] }, initialOffset: { top: 0, left: 0 } },
  timestamp: t,
});
const input = (t: number, text: string) => ({ type: 3, data: { source: 5, text, isChecked: false, id: 9 }, timestamp: t });
/** What rrweb's record() emits on a page that was still loading: DOMContentLoaded, Meta, snapshot, Load, then changes. */
const rrwebSession = [
  { type: 0, data: {}, timestamp: 1000 },
  meta(1001),
  full(1002),
  { type: 1, data: {}, timestamp: 1003 },
  input(1500, 'H'),
  input(1600, 'Hi'),
  { type: 5, data: { tag: 'note', payload: {} }, timestamp: 1700 },
  { type: 6, data: { plugin: 'rrweb/console@1', payload: {} }, timestamp: 1800 },
];

describe('importing an rrweb recording: good files', () => {
  it.each([
    ['a plain array, as rrweb record() and our Export write it', JSON.stringify(rrwebSession)],
    ['an object with an events list (rrweb-player sessions, OpenReplay-style exports)', JSON.stringify({ events: rrwebSession })],
    ['PostHog export with data.snapshots', JSON.stringify({ version: '2023-04-28', data: { id: 'x', snapshots: rrwebSession.map((e) => ({ ...e, windowId: 'w1' })) } })],
    ['a top-level snapshots list', JSON.stringify({ snapshots: rrwebSession })],
    ['pretty-printed with a byte-order-free UTF-8 title', JSON.stringify(rrwebSession.concat([input(1900, 'naïve — 草稿')]), null, 2)],
  ])('%s', (_name, text) => {
    const result = parseRecording(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events[0]!.type).toBe(0);
    expect(result.events.some((e) => e.type === 2)).toBe(true);
    expect(result.href).toBe('https://docs.example.com/page');
  });

  it('puts events in time order, keeping a Meta event before the snapshot of the same millisecond', () => {
    const shuffled = [input(1600, 'Hi'), meta(1001), full(1001), input(1500, 'H')];
    const result = parseRecording(JSON.stringify(shuffled));
    expect(result.ok && result.events.map((e) => e.type)).toEqual([4, 2, 3, 3]);
  });

  it('reads a session recorded by rrweb in a real page (tests/fixtures/traces)', () => {
    const text = readFileSync('tests/fixtures/traces/textarea-review.json', 'utf8');
    const result = parseRecording(text);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.events.length).toBe((JSON.parse(text) as { events: unknown[] }).events.length);
  });
});

describe('importing an rrweb recording: bad files are refused with a message a person understands', () => {
  it.each<[string, string, ImportProblemKind, RegExp]>([
    ['an empty file', '', 'empty', /empty/],
    ['only whitespace', '  \n ', 'empty', /empty/],
    ['not JSON at all', 'hello, I am a text file', 'not-json', /not JSON/],
    ['truncated JSON', JSON.stringify(rrwebSession).slice(0, 120), 'not-json', /not JSON/],
    ['an HTML page', '<!doctype html><html></html>', 'not-json', /not JSON/],
    ['a JSON number', '42', 'not-events', /not an rrweb recording/],
    ['a JSON object of something else', '{"name":"package","version":"1.0.0"}', 'not-events', /list of rrweb events/],
    ['an empty list', '[]', 'empty', /no events/],
    ['a list of numbers', '[1,2,3]', 'bad-event', /Event 1 of 3 is 1, not an rrweb event/],
    ['an event with a type out of range', JSON.stringify([meta(1), full(2), { type: 9, timestamp: 3 }]), 'bad-event', /Event 3 of 3 .*"type" must be a number from 0 to 6 \(found 9\)/],
    ['an event with a string type', JSON.stringify([meta(1), full(2), { type: 'click', timestamp: 3 }]), 'bad-event', /found "click"/],
    ['an event without a timestamp', JSON.stringify([meta(1), full(2), { type: 3, data: {} }]), 'bad-event', /"timestamp" must be a number \(found nothing\)/],
    ['an event with a string timestamp', JSON.stringify([meta(1), { ...full(2), timestamp: '2024-01-01' }]), 'bad-event', /Event 2 of 2.*"timestamp"/],
    ['a meta event without a size', JSON.stringify([{ type: 4, data: { href: 'x' }, timestamp: 1 }, full(2)]), 'bad-event', /meta event without the page's width/],
    ['a full snapshot without its page', JSON.stringify([meta(1), { type: 2, data: {}, timestamp: 2 }]), 'bad-event', /full snapshot without the page's content/],
    ['only incremental events (a cut-off tail)', JSON.stringify([input(1, 'a'), input(2, 'ab')]), 'no-full-snapshot', /2 events but no full snapshot/],
    ['a snapshot without a meta event', JSON.stringify([full(1), input(2, 'a')]), 'no-meta', /no meta event/],
  ])('%s', (_name, text, kind, message) => {
    const result = parseRecording(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.kind).toBe(kind);
    expect(result.problem.message).toMatch(message);
  });

  it.each([
    [0, 'empty', /empty/],
    [MAX_IMPORT_BYTES + 1, 'too-large', /This file is 100\.0 MB; Shadowtrace imports rrweb files of up to 100\.0 MB/],
    [350 * 1024 * 1024, 'too-large', /This file is 350\.0 MB/],
  ])('checks the size before reading: %d bytes', (bytes, kind, message) => {
    const problem = checkFileSize(bytes);
    expect(problem?.kind).toBe(kind);
    expect(problem?.message).toMatch(message);
  });

  it('lets a file of allowed size through', () => {
    expect(checkFileSize(5 * 1024 * 1024)).toBeNull();
    expect(checkFileSize(999, 1000)).toBeNull();
    expect(checkFileSize(1001, 1000)?.message).toMatch(/1001 B; .* up to 1000 B/);
  });
});

describe('naming an imported trace', () => {
  it.each([
    ['https://docs.example.com/page?x=1', 'docs.example.com'],
    ['http://127.0.0.1:5173/', '127.0.0.1'],
    ['file:///home/me/page.html', 'imported'],
    ['about:blank', 'imported'],
    ['not a url', 'imported'],
    [null, 'imported'],
  ])('site of %s is %s', (href, site) => expect(siteOf(href)).toBe(site));

  it.each([
    ['checkout-flow.rrweb.json', 'checkout-flow'],
    ['Session 12.json', 'Session 12'],
    ['posthog-export.JSON', 'posthog-export'],
    ['C:\\Users\\me\\bug report.json', 'bug report'],
    ['.json', 'Imported recording'],
    ['no-extension', 'no-extension'],
  ])('title of %s is %s', (name, title) => expect(titleFromFileName(name)).toBe(title));
});
