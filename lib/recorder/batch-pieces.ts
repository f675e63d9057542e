/**
 * A large DOM change (a long list rendered, a big diff expanded) reaches the recorder as one rrweb mutation with
 * tens of thousands of entries: 21,000 added nodes are about 2 MB of JSON, and serialising that in one go held
 * the senior's page for 40 to 50 ms. Here such a batch is serialised in pieces of about `PIECE_CHARS` each, so that
 * the batcher can hand one piece over per task and the page stays responsive in between.
 *
 * Only the lists of a mutation are cut (into runs of entries), never a node or a string. A full snapshot stays
 * whole: its tree is one nested value. Each piece is a run of entries exactly as `JSON.stringify` gave it,
 * brackets included, with the text that goes before it (`glue`: a comma, or the opening of the event and list).
 * The background puts them together (`batchEventsText` in lib/protocol.ts): cutting the brackets or prefixing
 * the comma here makes a new string of each run, which the port must then flatten into a copy, and that cost the
 * page about a tenth more per piece (bench/README.md).
 */
import { isObj, type Obj } from '../moments/read';
import { EventType, IncrementalSource } from '../trace-events';

/** A mutation with more entries than this in its lists is serialised in pieces. */
export const SLICE_ABOVE = 2000;
/** Characters of JSON in a piece: about a millisecond of the page's time to serialise and to send. */
export const PIECE_CHARS = 96 * 1024;

/** A piece of a batch: the text that goes before a run of entries, and the run's JSON, brackets included. */
export type Piece = readonly [glue: string, run: string];

const FIRST_RUN = 16;
const LONGEST_RUN = 16384;

/** The lists of a mutation to cut into runs, or none when the event is not a large mutation. */
function listsToCut(event: unknown): string[] {
  if (!isObj(event) || event.type !== EventType.IncrementalSnapshot || !isObj(event.data)) return [];
  if (event.data.source !== IncrementalSource.Mutation) return [];
  const data = event.data;
  let entries = 0;
  const lists: string[] = [];
  for (const key of Object.keys(data)) {
    const value = data[key];
    if (!Array.isArray(value) || value.length === 0) continue;
    entries += value.length;
    lists.push(key);
  }
  return entries > SLICE_ABOVE ? lists : [];
}

/** Whether a batch holds a mutation large enough to be serialised in pieces. */
export function wantsPieces(events: readonly unknown[]): boolean {
  return events.some((event) => listsToCut(event).length > 0);
}

/**
 * The entries of `list` in runs, each as the JSON of an array of about `pieceChars`. A run's length follows the
 * size of the one before, since entries of one list tend to be alike (an added node, a text change).
 */
function* runs(list: readonly unknown[], pieceChars: number): Generator<string> {
  let n = FIRST_RUN;
  for (let i = 0; i < list.length; ) {
    const run = list.slice(i, i + n);
    const text = JSON.stringify(run);
    i += run.length;
    yield text;
    n = Math.max(1, Math.min(LONGEST_RUN, Math.round((run.length * pieceChars) / text.length)));
  }
}

/**
 * The JSON of `events` in pieces (see `Piece`); an event that needs no cutting is grouped with its neighbours.
 * The text after the last run is the generator's return value, a few closing characters, so that whoever sends
 * the pieces knows which is the last without serialising ahead. Keys of a cut mutation keep their values but not
 * their order ("data" comes last in the event, its cut lists last in "data"): JSON readers do not see the
 * difference.
 */
export function* batchPieces(events: readonly unknown[], pieceChars = PIECE_CHARS): Generator<Piece, string> {
  // `glue` is text that must precede whatever comes next; `sep` says whether that next item needs a comma.
  let glue = '[';
  let sep = false;
  let from = 0;
  function* plain(to: number): Generator<Piece> {
    if (to <= from) return;
    for (const run of runs(events.slice(from, to), pieceChars)) {
      yield [glue + (sep ? ',' : ''), run];
      glue = '';
      sep = true;
    }
  }
  for (let i = 0; i < events.length; i++) {
    const lists = listsToCut(events[i]);
    if (lists.length === 0) continue;
    yield* plain(i);
    const { data, ...outer } = events[i] as Obj & { data: Obj };
    const rest: Obj = { ...data };
    for (const key of lists) delete rest[key];
    const outerText = JSON.stringify(outer);
    const restText = JSON.stringify(rest);
    glue +=
      (sep ? ',' : '') +
      outerText.slice(0, -1) +
      (outerText.length > 2 ? ',' : '') +
      '"data":' +
      restText.slice(0, -1);
    let inData = restText.length > 2;
    for (const key of lists) {
      glue += (inData ? ',' : '') + JSON.stringify(key) + ':[';
      inData = true;
      let first = true;
      for (const run of runs(data[key] as unknown[], pieceChars)) {
        yield [glue + (first ? '' : ','), run];
        glue = '';
        first = false;
      }
      glue = ']';
    }
    glue += '}}';
    sep = true;
    from = i + 1;
  }
  yield* plain(events.length);
  return glue + ']';
}

/** Every piece of `events` as the list the background joins (glue, run, glue, run, ..., the closing text). */
export function allPieces(events: readonly unknown[], pieceChars = PIECE_CHARS): string[] {
  const pieces: string[] = [];
  const generator = batchPieces(events, pieceChars);
  for (;;) {
    const next = generator.next();
    if (next.done) return [...pieces, next.value];
    pieces.push(...next.value);
  }
}
