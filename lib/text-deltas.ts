/**
 * rrweb records a field's whole value on every keystroke, and the editor watcher a code editor's whole document
 * on every change. In a long comment or file that is kilobytes per key: a ten-minute session in a textarea sent
 * and stored 20 MB of values, and gzip's 32 KB window cannot see back past one copy of a large file. So a value
 * that follows an earlier one of the same field is kept as the change from it: the length of the head and of
 * the tail it keeps, and the text between them.
 *
 * A list of events is self-contained: the first value of each field in it is whole, so a batch or a stored
 * chunk decodes on its own. A full snapshot resets every field (rrweb may give its nodes new ids).
 * `restoreTextDeltas` gives back exactly the recorded events; everything that reads a stored chunk sees only those.
 */
import { isCount, isObj, type Obj } from './moments/read';
import { CUSTOM, EventType, IncrementalSource } from './trace-events';

/** [kept head length, kept tail length, inserted text]. */
export type TextDelta = [number, number, string];

/** The object that holds an event's text value and the key of the field it belongs to, or null. */
function textHolder(event: unknown): { holder: Obj; key: string } | null {
  if (!isObj(event) || !isObj(event.data)) return null;
  const data = event.data;
  if (event.type === EventType.IncrementalSnapshot && data.source === IncrementalSource.Input) {
    return typeof data.id === 'number' ? { holder: data, key: `i${data.id}` } : null;
  }
  if (event.type === EventType.Custom && data.tag === CUSTOM.editorText && isObj(data.payload)) {
    const p = data.payload;
    return typeof p.target === 'number' ? { holder: p, key: `e${p.target}` } : null;
  }
  return null;
}

const resets = (event: unknown): boolean =>
  isObj(event) && (event.type === EventType.FullSnapshot || event.type === EventType.Meta);

/**
 * The longest n <= most for which `shares(n)` holds, where `shares` is monotone. Each test is one native string
 * comparison: a character loop in script cost 0.4 ms for 20 keys typed into a 6 KB field, and 3 ms while still
 * cold, in a task the senior's page waits for.
 */
function longestShared(most: number, shares: (n: number) => boolean): number {
  if (shares(most)) return most; // typing or deleting at one end: the usual keystroke
  let lo = 0;
  let hi = most - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (shares(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function textDelta(before: string, after: string): TextDelta {
  const most = Math.min(before.length, after.length);
  // Equality of two slices, not startsWith: with a sliced argument V8's startsWith went character by character,
  // 20 ms for 20 keys typed mid-way through 6,000 characters, against 0.1 ms here.
  let head = longestShared(most, (n) => before.slice(0, n) === after.slice(0, n));
  let tail = longestShared(most - head, (n) => before.slice(before.length - n) === after.slice(after.length - n));
  // Never split a surrogate pair: each side of the cut must stay valid UTF-16 on its own when stored.
  if (head > 0 && isHighSurrogate(after.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLowSurrogate(after.charCodeAt(after.length - tail))) tail--;
  return [head, tail, after.slice(head, after.length - tail)];
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

export function applyTextDelta(before: string, [head, tail, inserted]: TextDelta): string | null {
  if (head + tail > before.length) return null;
  return before.slice(0, head) + inserted + before.slice(before.length - tail);
}

/** A delta is written only where it saves more than its own brackets and numbers. */
const WORTH = 16;

/** The events with each repeated field value replaced by its change; changed events are copies. */
export function encodeTextDeltas<E>(events: readonly E[]): E[] {
  const last = new Map<string, string>();
  return events.map((event) => {
    if (resets(event)) last.clear();
    const found = textHolder(event);
    if (!found || typeof found.holder.text !== 'string') return event;
    const text = found.holder.text;
    const before = last.get(found.key);
    last.set(found.key, text);
    if (before === undefined) return event;
    const delta = textDelta(before, text);
    if (delta[2].length + WORTH >= text.length) return event;
    return withDelta(event, found.holder, delta);
  });
}

/**
 * Runs the encoder over made-up values of one field and one editor, shaped as rrweb's input events and the editor
 * watcher's are, and returns how many it kept as changes. The recorder calls it once, when the page is idle after
 * its first snapshot: otherwise the first batch that carries typed values compiles and warms this code inside its
 * own task, which the senior's next keystrokes wait behind. In Node that first call took 1.0 ms against 0.16 for
 * the next; after this pass (1.1 ms, in idle time) the first real batch took 0.17.
 */
export function warmUpTextDeltas(): number {
  const base = 'a value typed into a field, long enough for its change to be kept as one: ';
  const events: unknown[] = [];
  for (let i = 0; i < 16; i++) {
    const text = base + 'x'.repeat(i);
    events.push({ type: EventType.IncrementalSnapshot, timestamp: i, data: { source: IncrementalSource.Input, text, isChecked: false, id: -1 } });
    events.push({ type: EventType.Custom, timestamp: i, data: { tag: CUSTOM.editorText, payload: { target: -1, editor: 'warm-up', text } } });
  }
  return encodeTextDeltas(events).filter((e) => textHolder(e)?.holder.textDelta !== undefined).length;
}

function withDelta<E>(event: E, holder: Obj, delta: TextDelta): E {
  const { text: _text, ...rest } = holder;
  const changed: Obj = { ...rest, textDelta: delta };
  const e = event as Obj;
  const data = e.data as Obj;
  return (holder === data ? { ...e, data: changed } : { ...e, data: { ...data, payload: changed } }) as E;
}

function asDelta(v: unknown): TextDelta | null {
  if (!Array.isArray(v) || v.length !== 3) return null;
  const [head, tail, inserted] = v as unknown[];
  return isCount(head) && isCount(tail) && typeof inserted === 'string' ? [head, tail, inserted] : null;
}

/**
 * Puts every value back, in place. A delta whose earlier value is missing (a damaged or hand-made list) cannot
 * be trusted to give the right text, so its event is dropped rather than shown with a wrong value.
 */
export function restoreTextDeltas(events: unknown[]): unknown[] {
  if (!events.some((e) => textHolder(e)?.holder.textDelta !== undefined)) return events;
  const last = new Map<string, string>();
  const out: unknown[] = [];
  for (const event of events) {
    if (resets(event)) last.clear();
    const found = textHolder(event);
    if (found) {
      const { holder, key } = found;
      if (holder.textDelta !== undefined) {
        const delta = asDelta(holder.textDelta);
        const before = last.get(key);
        const text = delta && before !== undefined ? applyTextDelta(before, delta) : null;
        if (text === null) continue;
        delete holder.textDelta;
        holder.text = text;
      }
      if (typeof holder.text === 'string') last.set(key, holder.text);
    }
    out.push(event);
  }
  return out;
}
