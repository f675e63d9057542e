import { describe, expect, it } from 'vitest';
import { changeBetween, contentLength, isCompletion } from '../../lib/moments/diff';
import { pauseThreshold, BASE_PAUSE_MS, MAX_PAUSE_MS, MIN_PAUSE_MS } from '../../lib/moments/rhythm';
import { presentSegments } from '../../lib/moments/attention';
import { momentSummary, type Moment } from '../../lib/moments';

describe('changeBetween', () => {
  it.each([
    ['', 'a', { at: 0, removed: '', added: 'a' }],
    ['abc', 'abxc', { at: 2, removed: '', added: 'x' }],
    ['hello world', 'hello', { at: 5, removed: ' world', added: '' }],
    ['rename the helper', 'rename the f', { at: 11, removed: 'helper', added: 'f' }],
    ['aa', 'aaa', { at: 2, removed: '', added: 'a' }],
    ['same', 'same', { at: 4, removed: '', added: '' }],
  ])('%j -> %j', (before, after, change) => {
    expect(changeBetween(before, after)).toEqual(change);
  });
});

describe('isCompletion (not a revision)', () => {
  it.each([
    [{ at: 0, removed: 'k', added: 'か' }, true],
    [{ at: 0, removed: 'かんじ', added: '漢字' }, true],
    [{ at: 0, removed: 'te', added: 'test' }, true],
    [{ at: 0, removed: 'Elem', added: 'elementCount' }, true],
    [{ at: 0, removed: 'helper', added: 'f' }, false],
    [{ at: 0, removed: 'the cache', added: 'the cache is' }, false],
    [{ at: 0, removed: '', added: 'abc' }, false],
    [{ at: 0, removed: 'abc', added: '' }, false],
  ])('%j is a completion: %s', (change, expected) => {
    expect(isCompletion(change)).toBe(expected);
  });
});

describe('pauseThreshold', () => {
  const many = (gap: number, n = 300) => Array.from({ length: n }, () => gap);
  it.each([
    ['no typing', [], BASE_PAUSE_MS],
    ['a practised typist (200 ms)', many(200), 2000],
    ['a slow typist (450 ms) gets a longer threshold', many(450), Math.round(2000 * (30 / 330) + 4500 * (300 / 330))],
    ['never above the ceiling', many(2000), Math.round(2000 * (30 / 330) + MAX_PAUSE_MS * (300 / 330))],
    ['never below the floor', many(50), Math.round(2000 * (30 / 330) + MIN_PAUSE_MS * (300 / 330))],
    ['a few samples barely move it', many(450, 3), Math.round(2000 * (30 / 33) + 4500 * (3 / 33))],
  ])('%s', (_name, gaps, expected) => {
    expect(pauseThreshold(gaps)).toBe(expected);
  });
});

describe('presentSegments', () => {
  it.each([
    ['no time away', 0, 100, [], [{ start: 0, end: 100, endsAway: false }]],
    ['away in the middle', 0, 100, [{ start: 20, end: 50, hidden: true }], [{ start: 0, end: 20, endsAway: true }, { start: 50, end: 100, endsAway: false }]],
    ['away covers the start', 10, 100, [{ start: 0, end: 30, hidden: false }], [{ start: 30, end: 100, endsAway: false }]],
    ['away the whole time', 10, 20, [{ start: 0, end: 30, hidden: true }], []],
  ])('%s', (_name, start, end, away, expected) => {
    expect(presentSegments(start, end, away)).toEqual(expected);
  });
});

describe('momentSummary', () => {
  const m = (kind: Moment['kind']): Moment => ({ kind, t: 0, duration: 0, detail: {} });
  it.each([
    [[], 'No process moments yet'],
    [[m('undo')], '1 undo'],
    [[...Array(7).fill(m('undo')), ...Array(4).fill(m('pause')), m('abandoned'), m('abandoned')], '7 undos, 4 pauses, 2 abandoned drafts'],
    [[m('draft'), m('burst'), m('revision'), m('redo')], '1 redo, 1 revision, 1 burst, 1 draft'],
    [[m('away'), m('away'), m('navigation'), m('bookmark')], '1 page, 1 bookmark, 2 times away'],
  ])('%#: %s', (moments, expected) => {
    expect(momentSummary(moments)).toBe(expected);
  });
});

describe('contentLength', () => {
  it.each([['  a b\n', 2], ['', 0], ['漢字', 2]])('%j', (text, n) => expect(contentLength(text)).toBe(n));
});
