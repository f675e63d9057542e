/**
 * Generates a long rrweb trace for the replay workload from a real Meta + FullSnapshot pair taken by rrweb on the
 * large page: about 155 KB of incremental events a minute (4 mutations a second, typing, pointer, scrolling) and
 * a checkout (Meta + FullSnapshot of the page as it is then) every `checkoutMs`, as the recorder does. Also
 * splits it into gzip chunks the way the recorder's batcher does (a new chunk at each Meta, at 500 events, or
 * after 2 s).
 */
import { gzipSync } from 'node:zlib';
import { rng } from './pages.mjs';

function findIds(node, out = {}) {
  if (node.type === 2) {
    if (node.tagName === 'body') out.body = node.id;
    if (node.attributes?.id === 'feed') out.feed = node.id;
    if (node.attributes?.id === 'editor') out.editor = node.id;
    if (node.attributes?.class === 'side') out.side = node.id;
  }
  out.max = Math.max(out.max ?? 0, node.id ?? 0);
  for (const c of node.childNodes ?? []) findIds(c, out);
  return out;
}

export function generateTrace({ meta, full, minutes, checkoutMs = 3 * 60_000, seed = 5 }) {
  const r = rng(seed);
  const ids = findIds(full.data.node);
  if (!ids.feed || !ids.editor || !ids.body) throw new Error('snapshot lacks #feed, #editor or body');
  const T0 = 1_700_000_000_000;
  const end = T0 + minutes * 60_000;
  const events = [];
  let nextId = ids.max + 1;
  /** The feed items added since the start, as the page holds them now. */
  const items = new Map();
  let alive = [];
  let text = '';
  // A checkout serialises the page as it is then, as rrweb does: the feed with its items, the editor's text.
  const checkout = (t) => {
    events.push({ ...meta, timestamp: t });
    const node = structuredClone(full.data.node);
    const visit = (n) => {
      if (n.id === ids.feed) n.childNodes = [...n.childNodes, ...alive.map((id) => itemNode(id, items.get(id)))];
      if (n.id === ids.editor && text) n.attributes = { ...n.attributes, value: text };
      for (const c of n.childNodes ?? []) visit(c);
    };
    visit(node);
    events.push({ ...full, data: { ...full.data, node }, timestamp: t + 1 });
  };
  checkout(T0);
  let n = 0;
  let nextCheckout = T0 + checkoutMs;
  for (let t = T0 + 50; t < end; t += 50) {
    if (t >= nextCheckout) {
      checkout(t);
      nextCheckout += checkoutMs;
      continue;
    }
    const slot = Math.round((t - T0) / 50);
    // 4 mutations a second
    if (slot % 5 === 0) {
      n++;
      const k = n % 4;
      if (k === 0 || alive.length === 0) {
        const id = nextId;
        nextId += 5;
        alive.push(id);
        items.set(id, { class: `item c${n % 900}`, status: `event ${n} updated the build status of the pipeline` });
        const el = (nid, parentId, tagName, attributes) => ({ parentId, nextId: null, node: { type: 2, tagName, attributes, childNodes: [], id: nid } });
        const tx = (nid, parentId, textContent) => ({ parentId, nextId: null, node: { type: 3, textContent, id: nid } });
        events.push({
          type: 3,
          timestamp: t,
          data: {
            source: 0,
            texts: [],
            attributes: [],
            removes: [],
            adds: [
              el(id, ids.feed, 'div', { class: `item c${n % 900}` }),
              el(id + 1, id, 'b', {}),
              tx(id + 2, id + 1, 'bot'),
              el(id + 3, id, 'span', { class: 'status' }),
              tx(id + 4, id + 3, `event ${n} updated the build status of the pipeline`),
            ],
          },
        });
      } else if (k === 1) {
        const value = `event ${n} passed after ${Math.floor(r() * 900)} s`;
        items.get(alive.at(-1)).status = value;
        events.push({ type: 3, timestamp: t, data: { source: 0, texts: [{ id: alive.at(-1) + 4, value }], attributes: [], removes: [], adds: [] } });
      } else if (k === 2 && alive.length > 30) {
        const id = alive.shift();
        items.delete(id);
        events.push({ type: 3, timestamp: t, data: { source: 0, texts: [], attributes: [], removes: [{ parentId: ids.feed, id }], adds: [] } });
      } else {
        const attributes = { class: `item seen c${n % 900}`, 'data-n': String(n) };
        Object.assign(items.get(alive.at(-1)), { class: attributes.class, n: attributes['data-n'] });
        events.push({ type: 3, timestamp: t, data: { source: 0, texts: [], attributes: [{ id: alive.at(-1), attributes }], removes: [], adds: [] } });
      }
    }
    // typing, about 3.5 keystrokes a second in bursts; a line is sent and cleared at 240 characters
    if (r() < 0.15) {
      text = text.length > 240 ? '' : text + 'abcdefghijklmnopqrstuvwxyz  '[Math.floor(r() * 28)];
      events.push({ type: 3, timestamp: t, data: { source: 5, id: ids.editor, text, isChecked: false, userTriggered: true } });
    }
    // pointer: a mousemove event every 500 ms with 10 positions
    if (slot % 10 === 3) {
      const positions = Array.from({ length: 8 }, (_, i) => ({ x: Math.floor(r() * 1280), y: Math.floor(r() * 800), id: ids.body, timeOffset: -450 + i * 50 }));
      events.push({ type: 3, timestamp: t, data: { source: 1, positions } });
    }
    // scrolling once a second
    if (slot % 20 === 7) events.push({ type: 3, timestamp: t, data: { source: 3, id: ids.side ?? 1, x: 0, y: Math.floor(r() * 3000) } });
    // clicks now and then
    if (r() < 0.01) events.push({ type: 3, timestamp: t, data: { source: 2, type: 2, id: ids.editor, x: 300, y: 600, pointerType: 0 } });
  }
  return events;
}

/** A feed item as a full snapshot holds it (the same nodes and ids its mutation added). */
function itemNode(id, item) {
  const attributes = { class: item.class, ...(item.n ? { 'data-n': item.n } : {}) };
  return {
    type: 2,
    tagName: 'div',
    attributes,
    id,
    childNodes: [
      { type: 2, tagName: 'b', attributes: {}, id: id + 1, childNodes: [{ type: 3, textContent: 'bot', id: id + 2 }] },
      { type: 2, tagName: 'span', attributes: { class: 'status' }, id: id + 3, childNodes: [{ type: 3, textContent: item.status, id: id + 4 }] },
    ],
  };
}

/** Splits events into chunk rows like the recorder's batcher and gzips each, as the background stores them. */
export function chunkRows(events, { maxEvents = 500, maxMs = 2000 } = {}) {
  const rows = [];
  let cur = [];
  const close = () => {
    if (!cur.length) return;
    const json = JSON.stringify(cur);
    rows.push({ seq: 1_000_000 + rows.length, page: 1, data: gzipSync(json).toString('base64'), rawBytes: json.length });
    cur = [];
  };
  for (const e of events) {
    if (e.type === 4 && cur.length) close();
    if (cur.length && e.timestamp - cur[0].timestamp >= maxMs) close();
    cur.push(e);
    if (cur.length >= maxEvents) close();
  }
  close();
  return rows;
}
