/** The one changed span between two texts, as an editor would report a single edit. */
export interface Change {
  at: number;
  removed: string;
  added: string;
}

export function changeBetween(before: string, after: string): Change {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < max - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) end++;
  return { at: start, removed: before.slice(start, before.length - end), added: after.slice(start, after.length - end) };
}

/** Scripts typed through an input method: their intermediate compositions replace text without revising it. */
const IME_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;

/**
 * A replacement that is not a revision by the author: an input method turning romaji into kana or kanji, or an
 * autocomplete finishing the word that was being typed.
 */
export function isCompletion(change: Change): boolean {
  const { removed, added } = change;
  if (removed === '' || added === '') return false;
  if (removed.length <= 16 && (IME_SCRIPT.test(added) || IME_SCRIPT.test(removed)) && !/\s/.test(removed)) return true;
  const typed = removed.toLowerCase();
  return !/\s/.test(removed) && added.length > removed.length && added.toLowerCase().startsWith(typed);
}

/** Characters that count as written content, so that whitespace alone never makes an attempt. */
export function contentLength(text: string): number {
  return text.replace(/\s+/g, '').length;
}
