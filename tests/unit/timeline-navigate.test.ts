import { describe, expect, it } from 'vitest';
import { currentMomentIndex, nextMomentIndex, previousMomentIndex } from '@/lib/timeline/navigate';

// Moments at 1 s, 5 s (two of them: one stop), 9 s.
const times = [1_000, 5_000, 5_000, 9_000];

describe('nextMomentIndex: the first moment strictly after the playhead', () => {
  it.each([
    { t: 0, want: 0, why: 'before the first' },
    { t: 1_000, want: 1, why: 'on a moment: the next one' },
    { t: 4_999, want: 1, why: 'just before a stop: its first moment' },
    { t: 5_000, want: 3, why: 'on a stop of two: past both' },
    { t: 9_000, want: -1, why: 'on the last: none' },
    { t: 20_000, want: -1, why: 'past the end' },
  ])('$why ($t -> $want)', ({ t, want }) => expect(nextMomentIndex(times, t)).toBe(want));
  it('an empty list has no next', () => expect(nextMomentIndex([], 0)).toBe(-1));
});

describe('previousMomentIndex: the last stop strictly before the playhead', () => {
  it.each([
    { t: 0, grace: 0, want: -1, why: 'before the first: none' },
    { t: 1_000, grace: 0, want: -1, why: 'on the first: none' },
    { t: 5_000, grace: 0, want: 0, why: 'on a stop: the one before' },
    { t: 7_000, grace: 0, want: 1, why: 'between: the stop behind, at its first moment' },
    { t: 9_000, grace: 0, want: 1, why: 'on the last: the stop before' },
    { t: 5_400, grace: 1_500, want: 0, why: 'playing just past a stop: the one before it' },
    { t: 7_000, grace: 1_500, want: 1, why: 'playing well past a stop: that stop' },
    { t: 1_300, grace: 1_500, want: 0, why: 'just past the first: stays on the first' },
  ])('$why ($t, grace $grace -> $want)', ({ t, grace, want }) => expect(previousMomentIndex(times, t, grace)).toBe(want));
});

describe('with real rrweb timestamps (ms since the epoch)', () => {
  const epoch = [1_795_806_955_329, 1_795_806_961_605, 1_795_806_962_927];
  it.each([
    { t: 1_795_806_962_927, want: 1, why: 'on the last: the one before (no float epsilon lost at this size)' },
    { t: 1_795_806_961_606, want: 1, why: 'one ms past: that one' },
  ])('$why', ({ t, want }) => expect(previousMomentIndex(epoch, t)).toBe(want));
  it('next from each lands on the following one', () => {
    expect(nextMomentIndex(epoch, epoch[0]!)).toBe(1);
    expect(nextMomentIndex(epoch, epoch[2]!)).toBe(-1);
  });
});

describe('currentMomentIndex: the moment playback has reached last', () => {
  it.each([
    { t: 999, want: -1 },
    { t: 1_000, want: 0 },
    { t: 4_000, want: 0 },
    { t: 5_000, want: 1 },
    { t: 8_999, want: 1 },
    { t: 9_000, want: 3 },
    { t: 99_000, want: 3 },
  ])('$t -> $want', ({ t, want }) => expect(currentMomentIndex(times, t)).toBe(want));

  it('next from the current moment is never the current one (so the key always moves)', () => {
    for (const t of [0, 1_000, 3_000, 5_000, 6_000]) {
      const next = nextMomentIndex(times, t);
      expect(times[next]!).toBeGreaterThan(t);
      expect(currentMomentIndex(times, times[next]!)).toBe(next);
    }
  });
});
