import { describe, expect, it } from 'vitest';
import { restoreAttributeRuns } from '@/lib/attribute-runs';
import { EventType, IncrementalSource } from '@/lib/trace-events';

const mutation = (attributes: unknown[], extra: Record<string, unknown> = {}) => ({
  type: EventType.IncrementalSnapshot,
  timestamp: 5,
  data: { source: IncrementalSource.Mutation, texts: [], removes: [], adds: [], attributes, ...extra },
});
const attributesOf = (events: unknown[]) => (events[0] as { data: { attributes: unknown } }).data.attributes;

describe('restoreAttributeRuns', () => {
  it.each([
    ['a run becomes one entry per element, in its place', [{ id: 1, attributes: { title: 'x' } }, { id: [4, 5, 6], attributes: { class: 'b' } }, { id: 2, attributes: { style: { width: '1px' } } }], [
      { id: 1, attributes: { title: 'x' } },
      { id: 4, attributes: { class: 'b' } },
      { id: 5, attributes: { class: 'b' } },
      { id: 6, attributes: { class: 'b' } },
      { id: 2, attributes: { style: { width: '1px' } } },
    ]],
    ['a removed attribute (null) runs too', [{ id: [7, 8], attributes: { hidden: null } }], [{ id: 7, attributes: { hidden: null } }, { id: 8, attributes: { hidden: null } }]],
    ['ids that are not whole numbers are dropped', [{ id: [3, -1, 1.5, '4', null, 9], attributes: { class: 'c' } }], [{ id: 3, attributes: { class: 'c' } }, { id: 9, attributes: { class: 'c' } }]],
    ['a run without attributes is dropped', [{ id: [3, 4] }, { id: [5], attributes: 'class' }, { id: 6, attributes: { a: '1' } }], [{ id: 6, attributes: { a: '1' } }]],
    ['an empty run is dropped', [{ id: [], attributes: { class: 'c' } }], []],
    ['entries without runs are left as they are, malformed or not', [{ id: 1, attributes: { a: '1' } }, 'junk', null], [{ id: 1, attributes: { a: '1' } }, 'junk', null]],
  ])('%s', (_name, attributes, expected) => {
    expect(attributesOf(restoreAttributeRuns([mutation(attributes)]))).toEqual(expected);
  });

  it('gives each element its own attributes, so that editing one leaves the others', () => {
    const [event] = restoreAttributeRuns([mutation([{ id: [1, 2], attributes: { title: 'secret' } }])]);
    const [first, second] = (event as { data: { attributes: { attributes: Record<string, unknown> }[] } }).data.attributes;
    first!.attributes.title = '';
    expect(second!.attributes.title).toBe('secret');
  });

  it.each([
    ['a full snapshot', { type: EventType.FullSnapshot, timestamp: 1, data: { attributes: [{ id: [1, 2] }] } }],
    ['an input event', { type: EventType.IncrementalSnapshot, timestamp: 1, data: { source: IncrementalSource.Input, attributes: [{ id: [1, 2] }] } }],
    ['a mutation whose attributes are not a list', mutation({ id: [1, 2] } as unknown as unknown[])],
    ['a custom event', { type: EventType.Custom, timestamp: 1, data: { tag: 'x', payload: { attributes: [{ id: [1] }] } } }],
    ['not an event', 'junk'],
  ])('leaves %s alone', (_name, event) => {
    const copy = structuredClone(event);
    expect(restoreAttributeRuns([event])).toEqual([copy]);
  });
});
