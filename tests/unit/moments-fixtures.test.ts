/**
 * Detectors on traces recorded from real pages (tests/fixtures/record-fixture-traces.ts). The expected moments are
 * what each scripted session did, counted as a person watching would count them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MomentKind } from '../../lib/db/schema';
import { detectMoments, draftsOf, momentSummary, type Moment } from '../../lib/moments';

const TRACES = join(import.meta.dirname, '../fixtures/traces');

function load(name: string): unknown[] {
  const trace: unknown = JSON.parse(readFileSync(join(TRACES, `${name}.json`), 'utf8'));
  if (typeof trace !== 'object' || trace === null || !('events' in trace) || !Array.isArray(trace.events)) throw new Error(name);
  return trace.events;
}

const cache = new Map<string, Moment[]>();
function moments(name: string): Moment[] {
  let m = cache.get(name);
  if (!m) cache.set(name, (m = detectMoments(load(name))));
  return m;
}
const ofKind = (name: string, kind: MomentKind) => moments(name).filter((m) => m.kind === kind);

type Counts = Partial<Record<MomentKind, number>>;
const KINDS: MomentKind[] = ['undo', 'redo', 'pause', 'away', 'burst', 'revision', 'draft', 'abandoned', 'navigation', 'bookmark'];

const SESSIONS: [name: string, what: string, counts: Counts][] = [
  ['textarea-review', 'typing, a deletion, selection-and-overwrite, two undos and a redo', { undo: 1, redo: 1, pause: 3, revision: 2, burst: 3, draft: 1, abandoned: 1, navigation: 1 }],
  ['textarea-held-keys-abandoned', 'app autocomplete, held Backspace clearing a draft, a held letter', { pause: 2, revision: 1, burst: 3, draft: 2, abandoned: 1, navigation: 1 }],
  ['textarea-undo-nothing', 'undo with nothing to undo, then typing undone', { undo: 1, burst: 1, draft: 1, abandoned: 1, navigation: 1 }],
  ['textarea-paste-ime', 'paste and IME composition', { pause: 1, burst: 2, draft: 1, navigation: 1 }],
  ['textarea-tab-switch', 'short pauses around a tab switch, a long one before it', { away: 2, pause: 1, burst: 3, draft: 1, navigation: 1 }],
  ['contenteditable-note', 'two paragraphs, word deletions, a burst undone', { undo: 1, pause: 2, revision: 1, burst: 2, draft: 1, abandoned: 1, navigation: 1 }],
  ['codemirror-long', 'CodeMirror past its viewport, completion accepted, undo', { undo: 1, pause: 2, revision: 1, burst: 1, draft: 1, navigation: 1 }],
  ['monaco-long', 'Monaco past its viewport, overwrite, undo and redo', { undo: 1, redo: 1, pause: 2, revision: 1, burst: 2, draft: 1, navigation: 1 }],
];

describe('moment counts on recorded sessions', () => {
  it.each(SESSIONS.flatMap(([name, what, counts]) => KINDS.map((kind) => [name, kind, counts[kind] ?? 0, what] as const)))(
    '%s: %s x %i',
    (name, kind, count) => {
      expect(ofKind(name, kind)).toHaveLength(count);
    },
  );

  it.each(SESSIONS.map(([name]) => name))('%s: moments are ordered by time and stable', (name) => {
    const list = moments(name);
    expect(list.map((m) => m.t)).toEqual([...list.map((m) => m.t)].sort((a, b) => a - b));
    expect(detectMoments(load(name))).toEqual(list);
  });
});

describe('undo and redo runs', () => {
  it.each([
    ['textarea-review', 'undo', 2],
    ['textarea-review', 'redo', 1],
    ['textarea-undo-nothing', 'undo', 1],
    ['contenteditable-note', 'undo', 3],
    ['codemirror-long', 'undo', 2],
    ['monaco-long', 'undo', 2],
    ['monaco-long', 'redo', 1],
  ] as const)('%s: one %s moment with count %i', (name, kind, count) => {
    expect(ofKind(name, kind).map((m) => m.detail.count)).toEqual([count]);
  });
});

describe('pauses', () => {
  it.each([
    // The second includes selecting the word to overwrite: six Shift+ArrowLeft and a breath, about 950 ms.
    ['textarea-review', ['revision', 'revision', 'revision'], [3000, 3550, 2500]],
    ['textarea-held-keys-abandoned', ['burst', 'revision'], [2600, 3200]],
    ['textarea-paste-ime', ['burst'], [2800]],
    ['textarea-tab-switch', ['away'], [3000]],
    ['contenteditable-note', ['revision', 'revision'], [3000, 2700]],
    ['codemirror-long', ['revision', 'revision'], [2800, 2600]],
    ['monaco-long', ['revision', 'revision'], [2800, 2600]],
  ])('%s: pauses followed by %j, about %j ms', (name, after, lengths) => {
    const pauses = ofKind(name, 'pause');
    expect(pauses.map((p) => p.detail.after)).toEqual(after);
    pauses.forEach((p, i) => {
      // The scripted wait plus one keystroke's delay either side.
      expect(p.duration).toBeGreaterThanOrEqual((lengths[i] ?? 0) - 50);
      expect(p.duration).toBeLessThanOrEqual((lengths[i] ?? 0) + 700);
    });
  });

  it('a pause before an undo says so', () => {
    expect(ofKind('textarea-review', 'pause')[2]?.detail.via).toBe('undo');
  });

  it('time away is not thinking time', () => {
    const away = ofKind('textarea-tab-switch', 'away');
    expect(away.map((a) => Math.round(a.duration / 1000))).toEqual([6, 5]);
    for (const p of ofKind('textarea-tab-switch', 'pause')) for (const a of away) expect(p.t + p.duration <= a.t || p.t >= a.t + a.duration).toBe(true);
  });
});

describe('revisions', () => {
  it.each([
    ['textarea-review', [{ how: 'delete', removed: ' to me', added: '' }, { how: 'replace', removed: 'helper', added: 'f' }]],
    ['textarea-held-keys-abandoned', [{ how: 'delete', removed: 'First attempt: the cache is stale, so', added: '' }]],
    ['contenteditable-note', [{ how: 'delete', removed: 'shard by region later', added: '' }]],
    ['codemirror-long', [{ how: 'delete', removed: 'ount', added: '' }]],
    // Typing "v" over the selected "v2;" keeps the "v": the trace shows only "2;" going.
    ['monaco-long', [{ how: 'delete', removed: '2;', added: '' }]],
    ['textarea-paste-ime', []],
  ])('%s', (name, expected) => {
    expect(ofKind(name, 'revision').map(({ detail: { how, removed, added } }) => ({ how, removed, added }))).toEqual(expected);
  });

  it('a held Backspace is one revision, however many repeats', () => {
    const [revision] = ofKind('textarea-held-keys-abandoned', 'revision');
    expect(revision?.detail.keystrokes).toBeGreaterThan(30);
  });
});

describe('bursts', () => {
  it.each([
    ['textarea-review', ['Looks good to me', ', but rename the helper', 'function']],
    ['textarea-held-keys-abandoned', ['Fix flaky test', 'First attempt: the cache is stale, so', 'Sooooooooooo close now.']],
    ['textarea-paste-ime', ['See https://example.com/build/1234', ' and 漢字 ok']],
    ['codemirror-long', ['\nconst elementCount = base + 2;\nconsole.log(elementCount)']],
  ])('%s', (name, texts) => {
    expect(ofKind(name, 'burst').map((b) => b.detail.text)).toEqual(texts);
  });

  it.each([
    ['textarea-paste-ime', 'https://example.com/build/1234'.length],
    ['codemirror-long', 'entCount'.length],
  ])('%s: a paste or an accepted completion is marked as written at once (%i characters)', (name, chars) => {
    expect(ofKind(name, 'burst')[0]?.detail.atOnce).toBe(chars);
  });

  it.each([
    ['textarea-review', ['pause', 'pause', 'pause']],
    ['textarea-undo-nothing', ['undo']],
    ['textarea-tab-switch', ['away', 'away', 'end']],
    ['textarea-held-keys-abandoned', ['pause', 'pause', 'end']],
  ])('%s: bursts end in %j', (name, endings) => {
    expect(ofKind(name, 'burst').map((b) => b.detail.endedBy)).toEqual(endings);
  });
});

describe('abandoned attempts', () => {
  it.each([
    ['textarea-review', [{ text: 'function', by: 'undo', wholeField: false }]],
    ['textarea-held-keys-abandoned', [{ text: 'First attempt: the cache is stale, so', by: 'delete', wholeField: true }]],
    ['textarea-undo-nothing', [{ text: 'abc def', by: 'undo', wholeField: true }]],
    ['contenteditable-note', [{ text: 'Open question: retention', by: 'undo', wholeField: false }]],
    ['codemirror-long', []],
  ])('%s', (name, expected) => {
    expect(ofKind(name, 'abandoned').map(({ detail: { text, by, wholeField } }) => ({ text, by, wholeField }))).toEqual(expected);
  });
});

describe('drafts', () => {
  it.each([
    ['textarea-review', 'textarea', ['', 'Looks good to me', 'Looks good', 'Looks good, but rename the helper']],
    ['textarea-held-keys-abandoned', 'input', ['', 'Fix flaky test']],
    ['textarea-paste-ime', 'textarea', ['', 'See https://example.com/build/1234', 'See https://example.com/build/1234 and 漢字 ok']],
    ['contenteditable-note', 'contenteditable', ['', 'We keep one queue per tenant.\nMaybe shard by region later', 'We keep one queue per tenant.\nMaybe ']],
  ])('%s: the %s field starts with versions %j', (name, kind, texts) => {
    const draft = draftsOf(load(name)).find((d) => d.field.kind === kind);
    expect(draft?.versions.slice(0, texts.length).map((v) => v.text)).toEqual(texts);
  });

  it.each([
    ['codemirror-long', 31, 33],
    ['monaco-long', 30, 31],
  ])('%s: versions hold the whole document (%i lines, then %i), not just the visible lines', (name, first, last) => {
    const [draft] = draftsOf(load(name));
    expect(draft?.versions[0]?.text.split('\n')).toHaveLength(first);
    expect(draft?.versions.at(-1)?.text.split('\n')).toHaveLength(last);
  });

  it('each version says what it removed and added', () => {
    const [draft] = draftsOf(load('textarea-review'));
    expect(draft?.versions.slice(1, 4).map(({ removed, added }) => ({ removed, added }))).toEqual([
      { removed: '', added: 'Looks good to me' },
      { removed: ' to me', added: '' },
      { removed: '', added: ', but rename the helper' },
    ]);
  });
});

describe('summary', () => {
  it.each([
    ['textarea-undo-nothing', '1 undo, 1 abandoned draft, 1 page, 1 burst, 1 draft'],
    ['textarea-tab-switch', '1 pause, 1 page, 2 times away, 3 bursts, 1 draft'],
  ])('%s: %s', (name, line) => {
    expect(momentSummary(moments(name))).toBe(line);
  });
});
