/**
 * A published clip must replay without access to the source site (a private repository, say), but the recorder
 * keeps images, and stylesheets a page could not read, as URLs; the replay's sanitiser then drops every outside
 * URL. So at publish time the images, posters, CSS backgrounds and unreadable stylesheets a clip refers to are
 * fetched once and carried inside the bundle as `data:` URLs and inline CSS. What cannot be fetched (no access,
 * too large) is left out and said so.
 */

export interface Fetched {
  /** A `data:` URL for images and fonts, or the text of a stylesheet. */
  body: string;
  kind: 'data-url' | 'css';
}

export type Fetcher = (url: string) => Promise<Fetched | { error: string }>;

export interface CarryLimits {
  maxResources: number;
  maxBytesEach: number;
  maxBytesTotal: number;
}

export const CARRY_LIMITS: CarryLimits = { maxResources: 80, maxBytesEach: 2 * 1024 * 1024, maxBytesTotal: 8 * 1024 * 1024 };

export interface CarryReport {
  carried: number;
  skipped: { url: string; reason: string }[];
}

const ATTRIBUTE_URL = /"(?:src|poster)":"(https?:\/\/[^"\\]+)"/g;
// CSS url() inside JSON strings: the quotes around the URL, if any, are a JSON-escaped \" or a '.
const CSS_URL = /url\(\s*(?:\\"|')?(https?:\/\/[^"'\\)\s]+)/g;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stylesheet links rrweb could not read (cross-origin without CORS): their CSS is fetched and inlined. */
function stylesheetLinks(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) stylesheetLinks(v, out);
    return;
  }
  if (!isObject(value)) return;
  const attrs = value.attributes;
  if (value.tagName === 'link' && isObject(attrs) && typeof attrs.href === 'string' && /^https?:/.test(attrs.href)) {
    if (typeof attrs.rel === 'string' && /\bstylesheet\b/i.test(attrs.rel) && typeof attrs._cssText !== 'string') out.add(attrs.href);
  }
  for (const v of Object.values(value)) if (typeof v === 'object') stylesheetLinks(v, out);
}

/** The outside resources a clip's events refer to, images and stylesheets apart. */
export function resourcesOf(events: readonly unknown[]): { assets: string[]; stylesheets: string[] } {
  const text = JSON.stringify(events);
  const assets = new Set<string>();
  for (const m of text.matchAll(ATTRIBUTE_URL)) assets.add(m[1]!);
  for (const m of text.matchAll(CSS_URL)) assets.add(m[1]!);
  const stylesheets = new Set<string>();
  stylesheetLinks(events, stylesheets);
  for (const s of stylesheets) assets.delete(s);
  return { assets: [...assets], stylesheets: [...stylesheets] };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Replaces each carried URL by its data URL wherever the clip uses it (longest first: no URL clobbers another). */
export function replaceUrls(text: string, map: ReadonlyMap<string, string>): string {
  const urls = [...map.keys()].sort((a, b) => b.length - a.length);
  if (urls.length === 0) return text;
  const pattern = new RegExp(urls.map(escapeRegExp).join('|'), 'g');
  return text.replace(pattern, (url) => map.get(url) ?? url);
}

function inlineStylesheets(value: unknown, css: ReadonlyMap<string, string>): void {
  if (Array.isArray(value)) {
    for (const v of value) inlineStylesheets(v, css);
    return;
  }
  if (!isObject(value)) return;
  const attrs = value.attributes;
  if (value.tagName === 'link' && isObject(attrs) && typeof attrs.href === 'string' && css.has(attrs.href)) {
    // rrweb's own form for a stylesheet it could read: the link keeps its place, the CSS rides along.
    attrs._cssText = css.get(attrs.href);
    delete attrs.href;
  }
  for (const v of Object.values(value)) if (typeof v === 'object') inlineStylesheets(v, css);
}

/** Relative url()s in a fetched stylesheet are relative to it, not to the page. */
export function absolutizeCss(css: string, base: string): string {
  return css.replace(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g, (whole, quote: string, url: string) => {
    if (/^(data:|#)/.test(url)) return whole;
    try {
      return `url(${quote}${new URL(url, base).href}${quote})`;
    } catch {
      return whole;
    }
  });
}

/** What publishing carries: data URLs by the URL they replace, and stylesheet text by the link it replaces. */
export interface Carried {
  assets: ReadonlyMap<string, string>;
  css: ReadonlyMap<string, string>;
}

/** Puts the carried resources in place of the URLs (pure; the events are copied, not changed). */
export function applyCarried<E>(events: readonly E[], carried: Carried): E[] {
  const copy: E[] = JSON.parse(JSON.stringify(events));
  inlineStylesheets(copy, carried.css);
  return JSON.parse(replaceUrls(JSON.stringify(copy), carried.assets)) as E[];
}

/** Fetches, within limits, what the (unsanitised) clip events refer to. */
export async function fetchResources(
  events: readonly unknown[],
  fetcher: Fetcher,
  limits: CarryLimits = CARRY_LIMITS,
): Promise<{ carried: Carried; report: CarryReport }> {
  const report: CarryReport = { carried: 0, skipped: [] };
  let total = 0;
  const admit = (url: string, body: string): boolean => {
    if (body.length > limits.maxBytesEach) {
      report.skipped.push({ url, reason: `larger than ${Math.round(limits.maxBytesEach / 1024)} KB` });
      return false;
    }
    if (total + body.length > limits.maxBytesTotal) {
      report.skipped.push({ url, reason: 'the clip already carries as much as it may' });
      return false;
    }
    total += body.length;
    report.carried++;
    return true;
  };

  const { stylesheets } = resourcesOf(events);
  const css = new Map<string, string>();
  for (const url of stylesheets.slice(0, limits.maxResources)) {
    const got = await fetcher(url);
    if ('error' in got) report.skipped.push({ url, reason: got.error });
    else if (got.kind === 'css' && admit(url, got.body)) css.set(url, absolutizeCss(got.body, url));
  }
  // Images the carried stylesheets use are carried too.
  const { assets } = resourcesOf(applyCarried(events, { assets: new Map(), css }));
  const room = Math.max(0, limits.maxResources - css.size);
  const data = new Map<string, string>();
  for (const url of assets.slice(0, room)) {
    const got = await fetcher(url);
    if ('error' in got) report.skipped.push({ url, reason: got.error });
    else if (got.kind === 'data-url' && admit(url, got.body)) data.set(url, got.body);
  }
  for (const url of assets.slice(room)) report.skipped.push({ url, reason: 'too many resources in one clip' });
  return { carried: { assets: data, css }, report };
}

/** Fetches and applies in one go (for events that are not sanitised afterwards). */
export async function carryResources(
  events: readonly unknown[],
  fetcher: Fetcher,
  limits: CarryLimits = CARRY_LIMITS,
): Promise<{ events: unknown[]; report: CarryReport }> {
  const { carried, report } = await fetchResources(events, fetcher, limits);
  return { events: applyCarried(events, carried), report };
}
