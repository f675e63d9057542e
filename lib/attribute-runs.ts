/**
 * When a page sets one attribute of many elements to the same value in one go (a class or a state toggled across
 * a list), the recorder's rrweb keeps one entry for all of them: its `id` lists their ids
 * (patches/rrweb+2.2.2.patch, `attributeChanges`). A class set on 10,000 elements is then one entry of 10,000
 * numbers, not 10,000 objects for the page to serialise and send. Everything that reads stored events sees
 * rrweb's own format: this gives each element its own entry back.
 */
import { isCount, isObj } from './moments/read';
import { EventType, IncrementalSource } from './trace-events';

function isRunMutation(event: unknown): event is { data: { attributes: unknown[] } } {
  if (!isObj(event) || event.type !== EventType.IncrementalSnapshot || !isObj(event.data)) return false;
  const data = event.data;
  return data.source === IncrementalSource.Mutation && Array.isArray(data.attributes) && data.attributes.some((a) => isObj(a) && Array.isArray(a.id));
}

/**
 * In place, and returns the same list. Each element of a run gets its own copy of the attributes, so that
 * whatever edits one (redaction) leaves the others as they were. An id in a run that is not a whole number is
 * dropped, like any malformed entry.
 */
export function restoreAttributeRuns(events: unknown[]): unknown[] {
  for (const event of events) {
    if (!isRunMutation(event)) continue;
    const entries: unknown[] = [];
    for (const entry of event.data.attributes) {
      if (!isObj(entry) || !Array.isArray(entry.id)) {
        entries.push(entry);
        continue;
      }
      const { attributes } = entry;
      if (!isObj(attributes)) continue;
      for (const id of entry.id) if (isCount(id)) entries.push({ id, attributes: { ...attributes } });
    }
    event.data.attributes = entries;
  }
  return events;
}
