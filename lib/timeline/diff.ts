/**
 * An inline diff between two versions of a draft, for the draft view: what stayed, what was removed and what was
 * added, word by word. The common start and end are cut first (one edit is the common case), then the middle is
 * diffed by words with a longest common subsequence, which is quadratic: past `MAX_CELLS` the middle is shown as
 * one removal and one addition, which is still right, only coarser.
 */

export type DiffPart = { kind: 'same' | 'removed' | 'added'; text: string };

const MAX_CELLS = 250_000;

/** Words and the spaces between them, as separate tokens, so a diff never splits a word. */
export function tokens(text: string): string[] {
  return text.match(/\s+|[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];
}

function push(out: DiffPart[], kind: DiffPart['kind'], text: string): void {
  if (text === '') return;
  const last = out[out.length - 1];
  if (last && last.kind === kind) last.text += text;
  else out.push({ kind, text });
}

function lcsDiff(a: string[], b: string[], out: DiffPart[]): void {
  const n = a.length;
  const m = b.length;
  // dp[i][j]: length of the LCS of a[i..] and b[j..], in one flat array.
  const dp = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * (m + 1) + j] = a[i] === b[j] ? dp[(i + 1) * (m + 1) + j + 1]! + 1 : Math.max(dp[(i + 1) * (m + 1) + j]!, dp[i * (m + 1) + j + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push(out, 'same', a[i]!);
      i++;
      j++;
    } else if (dp[(i + 1) * (m + 1) + j]! >= dp[i * (m + 1) + j + 1]!) push(out, 'removed', a[i++]!);
    else push(out, 'added', b[j++]!);
  }
  while (i < n) push(out, 'removed', a[i++]!);
  while (j < m) push(out, 'added', b[j++]!);
}

/** Removals come before additions where they touch, so "old new" reads as a replacement. */
function tidy(parts: DiffPart[]): DiffPart[] {
  const out: DiffPart[] = [];
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    const q = parts[k + 1];
    if (p.kind === 'added' && q?.kind === 'removed') {
      push(out, 'removed', q.text);
      push(out, 'added', p.text);
      k++;
    } else push(out, p.kind, p.text);
  }
  return out;
}

export function inlineDiff(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }];
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before[start] === after[start]) start++;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  // Widen to word edges so that "cat" → "car" shows the word, not its last letter.
  const wordChar = /[\p{L}\p{N}_]/u;
  while (start > 0 && wordChar.test(before[start - 1]!) && (wordChar.test(before[start] ?? '') || wordChar.test(after[start] ?? ''))) start--;
  while (end > 0 && wordChar.test(before[before.length - end]!) && (wordChar.test(before[before.length - end - 1] ?? '') || wordChar.test(after[after.length - end - 1] ?? ''))) end--;
  const out: DiffPart[] = [];
  push(out, 'same', before.slice(0, start));
  const a = tokens(before.slice(start, before.length - end));
  const b = tokens(after.slice(start, after.length - end));
  if (a.length * b.length <= MAX_CELLS) lcsDiff(a, b, out);
  else {
    push(out, 'removed', a.join(''));
    push(out, 'added', b.join(''));
  }
  push(out, 'same', before.slice(before.length - end));
  return tidy(out);
}

/** The text a diff leads to (its same and added parts): a check that nothing was lost. */
export function afterOf(parts: readonly DiffPart[]): string {
  return parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('');
}

export function beforeOf(parts: readonly DiffPart[]): string {
  return parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('');
}

/**
 * Long unchanged stretches folded to their ends, so a change in a long document stays in view:
 * `context` characters are kept next to each change.
 */
export function foldSame(parts: readonly DiffPart[], context = 80): (DiffPart | { kind: 'fold'; text: string; chars: number })[] {
  return parts.map((p, k) => {
    if (p.kind !== 'same') return p;
    const first = k === 0;
    const last = k === parts.length - 1;
    if (first && last) {
      // Nothing changed (the first version): its beginning, folded only when long.
      return p.text.length <= 4 * context ? p : { kind: 'fold' as const, text: `${p.text.slice(0, 3 * context)}…`, chars: p.text.length - 3 * context };
    }
    const keep = (first ? 0 : context) + (last ? 0 : context);
    if (p.text.length <= keep + 20) return p;
    if (first) return { kind: 'fold' as const, text: `…${p.text.slice(-context)}`, chars: p.text.length - context };
    if (last) return { kind: 'fold' as const, text: `${p.text.slice(0, context)}…`, chars: p.text.length - context };
    return { kind: 'fold' as const, text: `${p.text.slice(0, context)} … ${p.text.slice(-context)}`, chars: p.text.length - 2 * context };
  });
}
