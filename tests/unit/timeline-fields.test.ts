import { describe, expect, it } from 'vitest';
import { fieldNames } from '@/lib/timeline/fields';

const el = (id: number, tagName: string, attributes: Record<string, string> = {}, childNodes: unknown[] = []) => ({ id, type: 2, tagName, attributes, childNodes });
const text = (id: number, textContent: string) => ({ id, type: 3, textContent });

const events = [
  {
    type: 2,
    timestamp: 1,
    data: {
      node: {
        id: 1,
        type: 0,
        childNodes: [
          el(2, 'body', {}, [
            el(3, 'label', { for: 'reply' }, [text(4, ' Comment ')]),
            el(5, 'textarea', { id: 'reply' }),
            el(6, 'input', { type: 'text', placeholder: 'Search issues' }),
            el(7, 'div', { contenteditable: 'true', 'aria-label': 'Message body' }),
            el(8, 'input', { type: 'text', name: 'title' }),
            el(9, 'textarea', { id: 'notes' }),
            el(10, 'div', { class: 'cm-editor' }),
          ]),
        ],
      },
    },
  },
  // A field added later by a mutation.
  { type: 3, timestamp: 2, data: { source: 0, adds: [{ parentId: 2, node: el(11, 'textarea', { 'aria-label': 'Reply to thread' }) }] } },
];

describe('fieldNames: a field named as the page names it', () => {
  it.each([
    { field: { key: 'textarea:5', id: 5, kind: 'textarea' as const }, want: 'Comment (text area)', why: 'its <label for>' },
    { field: { key: 'input:6', id: 6, kind: 'input' as const }, want: 'Search issues (text box)', why: 'placeholder' },
    { field: { key: 'contenteditable:7', id: 7, kind: 'contenteditable' as const }, want: 'Message body (rich text)', why: 'aria-label' },
    { field: { key: 'input:8', id: 8, kind: 'input' as const }, want: 'title (text box)', why: 'name' },
    { field: { key: 'textarea:9', id: 9, kind: 'textarea' as const }, want: '#notes (text area)', why: 'id alone' },
    { field: { key: 'codemirror:10', id: 10, kind: 'codemirror' as const }, want: 'Code editor', why: 'nothing to go by: its kind' },
    { field: { key: 'textarea:11', id: 11, kind: 'textarea' as const }, want: 'Reply to thread (text area)', why: 'added by a mutation' },
    { field: { key: 'input:99', id: 99, kind: 'input' as const }, want: 'Text box', why: 'not in the events' },
  ])('$why', ({ field, want }) => {
    expect(fieldNames(events, [field]).get(field.key)).toBe(want);
  });
});
