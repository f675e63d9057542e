/**
 * A hand-written rrweb trace for the clip, redaction and bundle tests, with secrets planted before, inside and after
 * a range, and in elements to redact. Times are absolute (T + ms), as stored traces have them.
 */
export const T = 1_800_000_000_000;
export const START = T + 500;
export const END = T + 1000;

type Ev = Record<string, unknown>;
type N = Record<string, unknown>;

const el = (id: number, tagName: string, attributes: Record<string, unknown> = {}, childNodes: N[] = []): N => ({
  type: 2,
  id,
  tagName,
  attributes,
  childNodes,
});
const text = (id: number, textContent: string): N => ({ type: 3, id, textContent });

export const mutation = (t: number, data: Record<string, unknown>): Ev => ({
  type: 3,
  timestamp: T + t,
  data: { source: 0, texts: [], attributes: [], removes: [], adds: [], ...data },
});
export const input = (t: number, id: number, value: string, isChecked = false): Ev => ({
  type: 3,
  timestamp: T + t,
  data: { source: 5, id, text: value, isChecked },
});

/** Ids: 1 document, 2 html, 3 head, 4 body, 5 style, 6 style text. */
export function baseSnapshot(body: N[], t = 0): Ev[] {
  return [
    { type: 4, timestamp: T + t, data: { href: 'https://private.example/repo/issues?token=URL_SECRET#frag', width: 1200, height: 800 } },
    {
      type: 2,
      timestamp: T + t + 1,
      data: {
        initialOffset: { top: 0, left: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            el(2, 'html', { lang: 'en' }, [
              el(3, 'head', {}, [el(5, 'style', {}, [{ type: 3, id: 6, textContent: 'body { color: #222 }', isStyle: true }]), el(7, 'title', {}, [text(8, 'PAGE_TITLE_SECRET board')])]),
              el(4, 'body', {}, body),
            ]),
          ],
        },
      },
    },
  ];
}

/** Every planted string that must never reach a published clip of [START, END] redacting `.secret-panel` (hide)
 * and `#masked` (mask). */
export const FORBIDDEN = [
  'ERASED_SECRET_1',
  'ERASED_SECRET_2',
  'ERASED_SECRET_3',
  'ERASED_CHECK_4',
  'HIDDEN_START',
  'HIDDEN_TYPED',
  'HIDDEN_TEXT_2',
  'HIDDEN_ADDED',
  'LATE_HIDDEN',
  'HIDDEN_ATTR',
  'MASKME',
  'MASKED_TYPED',
  'MASKED_TITLE',
  'AFTER_SECRET',
  'AFTER_URL',
  'URL_SECRET',
  'private.example',
  'NOTE_BEFORE',
  'NOTE_AFTER',
  'PAGE_TITLE_SECRET',
];

export const REDACTIONS = [
  { mode: 'hide' as const, selector: '.secret-panel', size: { width: 300, height: 40 } },
  { mode: 'mask' as const, selector: '#masked' },
];

export function privacyTrace(): Ev[] {
  return [
    { type: 0, timestamp: T - 5, data: {} },
    ...baseSnapshot([
      el(10, 'input', { id: 'name', type: 'text', value: '' }),
      el(11, 'textarea', { id: 'notes', value: '' }),
      el(12, 'div', { id: 'editor', contenteditable: 'true' }, [text(13, 'hello')]),
      el(14, 'div', { class: 'secret-panel', title: 'HIDDEN_ATTR' }, [text(15, 'HIDDEN_START'), el(19, 'input', { type: 'text', value: '' })]),
      el(16, 'p', { id: 'masked', title: 'MASKED_TITLE' }, [text(17, 'masked words MASKME')]),
      el(20, 'select', { id: 'choice', value: 'a' }, [el(21, 'option', { value: 'a', selected: true }, [text(22, 'A')]), el(23, 'option', { value: 'b' }, [text(24, 'B')])]),
      el(25, 'input', { type: 'checkbox', id: 'agree' }),
      el(26, 'div', { id: 'scroller', style: 'overflow: auto; height: 50px' }, [text(27, 'long list')]),
    ]),
    // Before the range: typed then erased, in every way rrweb records it.
    input(100, 10, 'ERASED_SECRET_1'),
    input(120, 11, 'draft ERASED_CHECK_4 text'),
    mutation(150, { attributes: [{ id: 11, attributes: { value: 'ERASED_CHECK_4' } }] }),
    input(200, 10, ''),
    input(210, 11, ''),
    mutation(250, { adds: [{ parentId: 12, nextId: null, node: text(30, 'ERASED_SECRET_2') }] }),
    mutation(300, { removes: [{ parentId: 12, id: 30 }] }),
    mutation(320, { texts: [{ id: 13, value: 'hello ERASED_SECRET_3' }] }),
    mutation(340, { texts: [{ id: 13, value: 'hello world' }] }),
    input(350, 10, 'VISIBLE_AT_START'),
    input(360, 20, 'b'),
    input(370, 25, '', true),
    { type: 3, timestamp: T + 380, data: { source: 3, id: 26, x: 0, y: 40 } },
    { type: 3, timestamp: T + 390, data: { source: 3, id: 1, x: 0, y: 120 } },
    { type: 3, timestamp: T + 400, data: { source: 1, positions: [{ x: 10, y: 20, id: 4, timeOffset: 0 }] } },
    { type: 5, timestamp: T + 410, data: { tag: 'shadowtrace/navigation', payload: { url: 'https://private.example/?q=ERASED_SECRET_1', kind: 'push' } } },
    // Inside the range.
    input(600, 10, 'VISIBLE_AT_START more'),
    mutation(650, { texts: [{ id: 13, value: 'hello world INSIDE_TEXT' }] }),
    input(700, 19, 'HIDDEN_TYPED'),
    mutation(710, { texts: [{ id: 15, value: 'HIDDEN_TEXT_2' }] }),
    mutation(720, { adds: [{ parentId: 14, nextId: null, node: text(31, 'HIDDEN_ADDED') }] }),
    mutation(730, { attributes: [{ id: 14, attributes: { title: 'HIDDEN_ATTR 2' } }] }),
    mutation(750, { texts: [{ id: 17, value: 'MASKED_TYPED' }] }),
    mutation(800, {
      adds: [
        { parentId: 4, nextId: null, node: el(40, 'div', { class: 'secret-panel' }, []) },
        { parentId: 40, nextId: null, node: text(41, 'LATE_HIDDEN') },
      ],
    }),
    { type: 5, timestamp: T + 900, data: { tag: 'shadowtrace/navigation', payload: { url: 'https://private.example/next?token=URL_SECRET', kind: 'push' } } },
    // After the range.
    input(1100, 10, 'AFTER_SECRET'),
    mutation(1150, { texts: [{ id: 13, value: 'AFTER_SECRET_2' }] }),
    { type: 5, timestamp: T + 1200, data: { tag: 'shadowtrace/navigation', payload: { url: 'https://private.example/?q=AFTER_URL', kind: 'push' } } },
  ];
}

export const MOMENTS = [
  { t: T + 150, kind: 'revision', duration: 100, detail: { removed: 'ERASED_SECRET_1', how: 'delete', keystrokes: 15 } },
  { t: T + 600, kind: 'typing', duration: 50, detail: { text: 'VISIBLE_AT_START more', keystrokes: 5, pasted: false } },
  { t: T + 900, kind: 'revision', duration: 400, detail: { added: 'AFTER_SECRET', how: 'insert', field: 'input#name' } },
  { t: T + 1100, kind: 'draft', duration: 10, detail: { text: 'AFTER_SECRET' } },
];

export const NOTES = [
  { t: T + 50, text: 'NOTE_BEFORE' },
  { t: T + 600, text: 'Watch how the name is chosen' },
  { t: T + 1200, text: 'NOTE_AFTER' },
];

/** The snapshot node of the first full snapshot in a list of events. */
export function snapshotOf(events: readonly Record<string, unknown>[]): N {
  const snap = events.find((e) => e.type === 2) as { data: { node: N } } | undefined;
  if (!snap) throw new Error('no snapshot');
  return snap.data.node;
}

export function findNode(root: N, id: number): N | null {
  if (root.id === id) return root;
  for (const c of (root.childNodes as N[] | undefined) ?? []) {
    const f = findNode(c, id);
    if (f) return f;
  }
  return null;
}
