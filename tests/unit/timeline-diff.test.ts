import { describe, expect, it } from 'vitest';
import { afterOf, beforeOf, foldSame, inlineDiff, type DiffPart } from '@/lib/timeline/diff';

const show = (parts: DiffPart[]) => parts.map((p) => (p.kind === 'same' ? p.text : p.kind === 'removed' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');

describe('inlineDiff: what a version removed and added, word by word', () => {
  it.each([
    { before: '', after: 'Dear team', want: '{+Dear team+}' },
    { before: 'Dear team', after: '', want: '[-Dear team-]' },
    { before: 'Dear team, we ship on monday', after: 'Dear team, we ship on friday', want: 'Dear team, we ship on [-monday-]{+friday+}' },
    { before: 'the cat sat', after: 'the car sat', want: 'the [-cat-]{+car+} sat', why: 'whole words, not letters' },
    { before: 'one two three four', after: 'one 2 three 4', want: 'one [-two-]{+2+} three [-four-]{+4+}', why: 'two separate changes' },
    { before: 'ship it', after: 'ship it today', want: 'ship it{+ today+}' },
    { before: 'same', after: 'same', want: 'same' },
  ])('$before -> $after', ({ before, after, want }) => {
    const parts = inlineDiff(before, after);
    expect(show(parts)).toBe(want);
    expect(beforeOf(parts)).toBe(before);
    expect(afterOf(parts)).toBe(after);
  });

  it('falls back to one removal and one addition when the middle is too long to diff by words', () => {
    const before = Array.from({ length: 800 }, (_, i) => `a${i}`).join(' ');
    const after = Array.from({ length: 800 }, (_, i) => `b${i}`).join(' ');
    const parts = inlineDiff(before, after);
    expect(beforeOf(parts)).toBe(before);
    expect(afterOf(parts)).toBe(after);
  });
});

describe('foldSame keeps a change in a long text in view', () => {
  it('folds the unchanged ends, keeping the context next to the change', () => {
    const long = 'x'.repeat(500);
    const parts = foldSame(inlineDiff(`${long} old ${long}`, `${long} new ${long}`), 40);
    expect(parts.map((p) => p.kind)).toEqual(['fold', 'removed', 'added', 'fold']);
    expect(parts[0]!.text).toHaveLength(41);
  });
  it('leaves short texts whole', () => {
    expect(foldSame(inlineDiff('a b', 'a c')).map((p) => p.kind)).toEqual(['same', 'removed', 'added']);
  });
});
