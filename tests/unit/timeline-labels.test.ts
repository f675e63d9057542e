import { describe, expect, it } from 'vitest';
import { formatLength, isListed, momentLabel, type MomentLike } from '@/lib/timeline/labels';

const START = 1_700_000_000_000;
const m = (kind: MomentLike['kind'], atS: number, duration: number, detail: Record<string, unknown> = {}): MomentLike => ({
  kind,
  t: START + atS * 1000,
  duration,
  detail,
});

describe('momentLabel: the accessible name of each moment button', () => {
  it.each([
    { m: m('pause', 12, 4000, { after: 'revision', threshold: 2000 }), name: 'Pause, 4 s, before a revision at 0:12' },
    { m: m('pause', 3, 14_400, { after: 'burst' }), name: 'Pause, 14 s, before more writing at 0:03' },
    { m: m('pause', 75, 2600, { after: 'revision', via: 'undo' }), name: 'Pause, 3 s, before an undo at 1:15' },
    { m: m('pause', 9, 95_000, { after: 'navigation' }), name: 'Pause, 1 min 35 s, before a page change at 0:09' },
    { m: m('pause', 9, 3000, { after: 'away' }), name: 'Pause, 3 s, before stepping away at 0:09' },
    { m: m('away', 40, 120_000, { hidden: true }), name: 'Away, 2 min, tab hidden at 0:40' },
    { m: m('undo', 20, 0, { count: 1 }), name: 'Undo at 0:20' },
    { m: m('undo', 20, 900, { count: 3 }), name: '3 undos at 0:20' },
    { m: m('redo', 21, 0, { count: 2 }), name: '2 redos at 0:21' },
    { m: m('revision', 15, 700, { how: 'delete', removed: 'monday', added: '' }), name: 'Revision, deleted “monday” at 0:15' },
    { m: m('revision', 15, 700, { how: 'replace', removed: 'monday', added: 'friday' }), name: 'Revision, “monday” → “friday” at 0:15' },
    { m: m('abandoned', 2, 30_000, { text: 'Dear team, we ship', chars: 18 }), name: 'Abandoned draft, “Dear team, we ship”, 18 characters at 0:02' },
    {
      m: m('abandoned', 2, 30_000, { text: 'a very long first attempt at the opening sentence of it', chars: 55 }),
      name: 'Abandoned draft, “a very long first attempt at…”, 55 characters at 0:02',
    },
    { m: m('draft', 1, 40_000, { versions: 3, fieldKind: 'textarea' }), name: 'Draft, 3 versions, in a text area at 0:01' },
    { m: m('draft', 1, 0, { versions: 1, fieldKind: 'codemirror' }), name: 'Draft, 1 version, in a code editor at 0:01' },
    { m: m('navigation', 0, 0, { url: 'http://127.0.0.1:4000/textarea.html', how: 'load' }), name: 'Page load, /textarea.html at 0:00' },
    { m: m('navigation', 61, 0, { url: 'http://x.test/a?b=1#c', how: 'route' }), name: 'Page change, /a?b=1#c at 1:01' },
    { m: m('bookmark', 3725, 0, { word: 'here' }), name: 'Bookmark, “here” at 1:02:05' },
    { m: m('bookmark', 5, 0, { word: '' }), name: 'Bookmark at 0:05' },
    { m: m('burst', 4, 3000, { chars: 18, text: 'Dear team' }), name: 'Burst, 18 characters, “Dear team” at 0:04' },
    { m: m('note', 4, 0, { text: 'look  at\nthis' }), name: 'Note, “look at this” at 0:04' },
    { m: m('revision', 15, 0, {}), name: 'Revision at 0:15', why: 'a detail without text still labels' },
  ])('$name', ({ m: moment, name }) => {
    expect(momentLabel(moment, START).name).toBe(name);
  });

  it('splits the name into the visible title, detail and clock', () => {
    expect(momentLabel(m('pause', 12, 4000, { after: 'revision' }), START)).toEqual({
      title: 'Pause, 4 s',
      detail: 'before a revision',
      clock: '0:12',
      name: 'Pause, 4 s, before a revision at 0:12',
    });
  });
});

describe('formatLength', () => {
  it.each([
    [0, '0 s'],
    [1499, '1 s'],
    [14_000, '14 s'],
    [59_600, '1 min'],
    [60_000, '1 min'],
    [95_000, '1 min 35 s'],
    [3_600_000, '1 h'],
    [3_900_000, '1 h 5 min'],
  ])('%i ms -> %s', (ms, want) => expect(formatLength(ms)).toBe(want));
});

describe('isListed: bursts are the writing between moments, drawn but not stepped through', () => {
  it.each([
    ['burst', false],
    ['pause', true],
    ['undo', true],
    ['draft', true],
    ['away', true],
    ['navigation', true],
  ] as const)('%s -> %s', (kind, want) => expect(isListed(kind)).toBe(want));
});
