/**
 * Stepping through moments: which moment "next" and "previous" land on, and which moment is current.
 * Times are sorted ascending; moments at the same time are one stop (seeking to either shows the same page).
 */
import { firstAfter } from '../replay/timeline';

/** Index of the first moment strictly after `t`, or -1 at the end. */
export function nextMomentIndex(times: readonly number[], t: number): number {
  const i = firstAfter(times, t);
  return i < times.length ? i : -1;
}

/** Index of the first moment at or after `t` (the length when there is none). */
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Index of the moment "previous" lands on from `t`: the last stop strictly before `t`; but when that stop is
 * less than `graceMs` behind (playback has only just passed it), the stop before it, as a media player's
 * "previous track" does. -1 when there is none.
 */
export function previousMomentIndex(times: readonly number[], t: number, graceMs = 0): number {
  let i = firstAtOrAfter(times, t) - 1;
  if (i < 0) return -1;
  if (graceMs > 0 && t - times[i]! < graceMs) {
    // Step over every moment of that stop.
    let j = i;
    while (j > 0 && times[j - 1] === times[i]) j--;
    if (j > 0) i = j - 1;
  }
  // The first moment of a stop, so that a list of same-time moments is entered at its top.
  while (i > 0 && times[i - 1] === times[i]) i--;
  return i;
}

/**
 * The current moment at `t`: the last one at or before it; -1 before the first. With same-time moments, the
 * first of them (the list highlights every moment of the stop).
 */
export function currentMomentIndex(times: readonly number[], t: number): number {
  let i = nextMomentIndex(times, t);
  i = (i === -1 ? times.length : i) - 1;
  while (i > 0 && times[i - 1] === times[i]) i--;
  return i;
}
