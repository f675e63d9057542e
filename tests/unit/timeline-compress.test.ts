import { describe, expect, it } from 'vitest';
import { CUE_WALL_MS, cueAt, gapAt, gapsOf, gapSpeed, traceTimeAfter, wallDuration, warpAt, type Gap } from '@/lib/timeline/compress';

const compressed = { realTime: false };
const real = { realTime: true };

const pause = (start: number, end: number): Gap => ({ kind: 'pause', start, end });
const away = (start: number, end: number): Gap => ({ kind: 'away', start, end });

describe('gapSpeed: a long pause takes at most the cue time of wall time, never slower than the chosen speed', () => {
  it.each([
    { gap: pause(0, 14_000), speed: 1, options: compressed, want: 14_000 / CUE_WALL_MS, why: '14 s in 1.5 s' },
    { gap: pause(0, 14_000), speed: 1, options: real, want: 1, why: 'real time plays the pause whole' },
    { gap: pause(0, 1_000), speed: 1, options: compressed, want: 1, why: 'shorter than the cue: plays as it was' },
    { gap: pause(0, 4_000), speed: 4, options: compressed, want: 4, why: 'at 4x it already takes 1 s' },
    { gap: pause(0, 60_000), speed: 8, options: compressed, want: 40, why: 'at 8x, 7.5 s of wall would be too long' },
    { gap: away(0, 600_000), speed: 1, options: real, want: 400, why: 'time away is compressed even in real time' },
  ])('$why', ({ gap, speed, options, want }) => {
    expect(gapSpeed(gap, speed, options)).toBeCloseTo(want, 6);
  });
});

describe('wallDuration and traceTimeAfter map trace time to wall time and back', () => {
  // A trace from 0 to 40 s: a 14 s pause at 5 s, two minutes away at 20 s... clipped to end at 30 s.
  const gaps = [pause(5_000, 19_000), away(20_000, 30_000)];
  it.each([
    { from: 0, to: 5_000, speed: 1, options: compressed, wall: 5_000, why: 'before any gap: plain' },
    { from: 0, to: 19_000, speed: 1, options: compressed, wall: 5_000 + CUE_WALL_MS, why: 'through the pause: its cue time' },
    { from: 0, to: 19_000, speed: 1, options: real, wall: 19_000, why: 'real time' },
    { from: 12_000, to: 19_000, speed: 1, options: compressed, wall: CUE_WALL_MS / 2, why: 'from the middle of a pause: half its cue' },
    { from: 0, to: 40_000, speed: 1, options: compressed, wall: 5_000 + 1_500 + 1_000 + 1_500 + 10_000, why: 'the whole trace' },
    { from: 0, to: 40_000, speed: 1, options: real, wall: 19_000 + 1_000 + 1_500 + 10_000, why: 'real time still skips away' },
    { from: 0, to: 40_000, speed: 2, options: compressed, wall: 2_500 + 1_500 + 500 + 1_500 + 5_000, why: 'at 2x' },
    { from: 30_000, to: 20_000, speed: 1, options: compressed, wall: 0, why: 'backwards is nothing' },
  ])('$why', ({ from, to, speed, options, wall }) => {
    expect(wallDuration(gaps, from, to, speed, options)).toBeCloseTo(wall, 6);
    if (to > from) expect(traceTimeAfter(gaps, from, wall, speed, options)).toBeCloseTo(to, 6);
  });

  it.each([0, 400, 5_500, 6_200, 7_000, 8_000, 12_345])('traceTimeAfter(wallDuration(t)) = t for t at %i ms of wall', (w) => {
    const t = traceTimeAfter(gaps, 0, w, 1, compressed);
    expect(wallDuration(gaps, 0, t, 1, compressed)).toBeCloseTo(w, 6);
  });
});

describe('gapsOf, gapAt, warpAt and cueAt', () => {
  const moments = [
    { kind: 'burst' as const, t: 0, duration: 4_000 },
    { kind: 'pause' as const, t: 4_000, duration: 6_000 },
    { kind: 'away' as const, t: 9_000, duration: 5_000 },
    { kind: 'pause' as const, t: 20_000, duration: 0 },
    { kind: 'undo' as const, t: 21_000, duration: 0 },
  ];
  const gaps = gapsOf(moments);

  it('keeps pauses and time away only, ordered and without overlap', () => {
    expect(gaps).toEqual([pause(4_000, 10_000), away(10_000, 14_000)]);
  });

  it.each([
    { t: 3_999, want: null },
    { t: 4_000, want: 'pause' },
    { t: 9_999, want: 'pause' },
    { t: 10_000, want: 'away' },
    { t: 14_000, want: null },
  ])('gapAt($t) -> $want (a gap is half open)', ({ t, want }) => {
    expect(gapAt(gaps, t)?.kind ?? null).toBe(want);
  });

  it.each([
    { t: 5_000, options: compressed, want: { end: 10_000, speed: 4 } },
    { t: 5_000, options: real, want: null },
    { t: 11_000, options: real, want: { end: 14_000, speed: 4_000 / CUE_WALL_MS } },
    { t: 15_000, options: compressed, want: null },
  ])('warpAt($t)', ({ t, options, want }) => {
    const w = warpAt(gaps, t, 1, options);
    if (want === null) expect(w).toBeNull();
    else {
      expect(w!.end).toBe(want.end);
      expect(w!.speed).toBeCloseTo(want.speed, 6);
    }
  });

  it('cueAt tells how far through the gap the playhead is', () => {
    expect(cueAt(gaps, 7_000)).toEqual({ gap: pause(4_000, 10_000), progress: 0.5 });
    expect(cueAt(gaps, 2_000)).toBeNull();
  });
});
