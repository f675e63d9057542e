/**
 * How recorded DOM trees are stored smaller without changing a single event that comes back out.
 *
 * A full snapshot is taken on every page load and every few minutes, and each one repeats the page's inlined
 * stylesheets (`_cssText`) and images (data URLs): on a GitHub-like page that is most of its compressed size. So a
 * large string in a node's attributes or in a style element's text is stored once, by content, as an asset
 * (lib/asset-store.ts), and the event keeps `{ $asset: <sha-256> }` in its place. rrweb never writes an object
 * there, so a reference cannot be mistaken for page content; one the page forged is blanked on the way in.
 *
 * Node ids of a full snapshot follow document order (rrweb numbers nodes as it walks the tree), and as numbers they
 * compress badly: about half of a snapshot's gzip once its styles are gone. A node whose id is its predecessor's
 * plus one is stored without it. Both transforms are undone on load; the events then equal the recorded ones.
 */

export const ASSET_MIN_CHARS = 2048;

export interface AssetRef {
  $asset: string;
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isAssetRef(v: unknown): v is AssetRef {
  return isObj(v) && typeof v.$asset === 'string';
}

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;
const MUTATION = 0;
const TEXT_NODE = 3;

/** The serialised node trees in a list of events: full snapshots' documents, and the nodes mutations add. */
function nodeTrees(events: readonly unknown[], visit: (root: Obj, snapshot: boolean) => void): void {
  for (const event of events) {
    if (!isObj(event) || !isObj(event.data)) continue;
    if (event.type === FULL_SNAPSHOT && isObj(event.data.node)) visit(event.data.node, true);
    else if (event.type === INCREMENTAL && event.data.source === MUTATION && Array.isArray(event.data.adds)) {
      for (const add of event.data.adds) if (isObj(add) && isObj(add.node)) visit(add.node, false);
    }
  }
}

/** Every node of a tree, parents before children, in document order (the order rrweb numbers them in). */
function preorder(root: Obj, visit: (node: Obj) => void): void {
  const stack: Obj[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    if (Array.isArray(node.childNodes)) {
      for (let i = node.childNodes.length - 1; i >= 0; i--) {
        const child: unknown = node.childNodes[i];
        if (isObj(child)) stack.push(child);
      }
    }
  }
}

/** The places of a node that may hold a large string: its attributes, and the text of a style element. */
function slots(node: Obj, visit: (holder: Obj, key: string) => void): void {
  if (isObj(node.attributes)) for (const key of Object.keys(node.attributes)) visit(node.attributes, key);
  if (node.type === TEXT_NODE && node.isStyle === true) visit(node, 'textContent');
}

export interface LargeString {
  holder: Obj;
  key: string;
  value: string;
}

/**
 * Finds the strings of at least `minChars` in the events' node trees, to be replaced by references. A reference
 * already there did not come from rrweb: it is blanked, so that loading can never put someone else's asset in.
 */
export function findLargeStrings(events: readonly unknown[], minChars = ASSET_MIN_CHARS): LargeString[] {
  const found: LargeString[] = [];
  nodeTrees(events, (root) =>
    preorder(root, (node) =>
      slots(node, (holder, key) => {
        const value = holder[key];
        if (typeof value === 'string' && value.length >= minChars) found.push({ holder, key, value });
        else if (isObj(value)) holder[key] = '';
      }),
    ),
  );
  return found;
}

/** Drops the ids that follow their predecessor's in document order; false (and nothing changed) if a node lacks one. */
export function dropSequentialIds(events: readonly unknown[]): boolean {
  let complete = true;
  let any = false;
  nodeTrees(events, (root, snapshot) => {
    if (!snapshot) return;
    any = true;
    preorder(root, (node) => {
      if (typeof node.id !== 'number' || !Number.isSafeInteger(node.id)) complete = false;
    });
  });
  if (!complete || !any) return false;
  nodeTrees(events, (root, snapshot) => {
    if (!snapshot) return;
    let previous: number | null = null;
    preorder(root, (node) => {
      const id = node.id as number;
      if (previous !== null && id === previous + 1) delete node.id;
      previous = id;
    });
  });
  return true;
}

export class MissingAssetError extends Error {
  constructor(readonly hash: string) {
    super('A stored chunk refers to a stylesheet or image that is no longer stored.');
  }
}

/**
 * Undoes both transforms in place: ids back where `implicitIds` says they were left out, and every reference
 * replaced by its asset's text. Only the chunk's own assets are offered, so a reference to anything else throws.
 */
export function unpackEvents(events: readonly unknown[], assets: ReadonlyMap<string, string>, implicitIds: boolean): void {
  nodeTrees(events, (root, snapshot) => {
    let previous: number | null = null;
    preorder(root, (node) => {
      if (snapshot && implicitIds) {
        if (typeof node.id === 'number') previous = node.id;
        else if (previous !== null) node.id = previous += 1;
      }
      slots(node, (holder, key) => {
        const value = holder[key];
        if (!isAssetRef(value)) return;
        const text = assets.get(value.$asset);
        if (text === undefined) throw new MissingAssetError(value.$asset);
        holder[key] = text;
      });
    });
  });
}

/** SHA-256 of a string's UTF-8, in hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

export interface PackResult {
  /** hash → text of every asset the events now refer to. */
  assets: Map<string, string>;
  implicitIds: boolean;
}

/** Applies both transforms to parsed events, in place. */
export async function packEvents(events: readonly unknown[], minChars = ASSET_MIN_CHARS): Promise<PackResult> {
  const assets = new Map<string, string>();
  const hashes = new Map<string, string>();
  for (const slot of findLargeStrings(events, minChars)) {
    let hash = hashes.get(slot.value);
    if (hash === undefined) {
      hash = await sha256Hex(slot.value);
      hashes.set(slot.value, hash);
      assets.set(hash, slot.value);
    }
    const ref: AssetRef = { $asset: hash };
    slot.holder[slot.key] = ref;
  }
  return { assets, implicitIds: dropSequentialIds(events) };
}

/**
 * Whether a batch's text can hold anything to pack, without parsing it: a full snapshot, or a large enough batch
 * that mentions an inlined stylesheet or a data URL (a single-page app adding its styles).
 */
export function worthPacking(text: string, fullSnapshot: boolean, minChars = ASSET_MIN_CHARS): boolean {
  if (fullSnapshot) return true;
  return text.length >= minChars && (text.includes('"_cssText"') || text.includes('data:') || text.includes('"isStyle"'));
}
