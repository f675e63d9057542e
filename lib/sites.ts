/** A site is one host the senior names: github.com covers its pages; gist.github.com is another site. */
export type SiteHost = string;

const HOST = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

export type ParsedSite = { ok: true; host: SiteHost } | { ok: false; message: string };

/** Accepts what a person types ("GitHub.com", "https://github.com/foo") and returns the bare host. */
export function parseSite(input: string): ParsedSite {
  const trimmed = input.trim().toLowerCase();
  if (trimmed === '') return { ok: false, message: 'Type a site, for example github.com.' };
  let host = trimmed;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(trimmed)) {
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      return { ok: false, message: `"${input.trim()}" is not a web address. Type a site, for example github.com.` };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { ok: false, message: 'Only web sites (http or https) can be shadowable.' };
    }
    host = url.hostname;
  } else {
    host = trimmed.split(/[/?#]/, 1)[0] ?? '';
    host = host.replace(/:\d+$/, '');
  }
  if (host.startsWith('*.')) return { ok: false, message: 'Name one site at a time; wildcards are not allowed.' };
  if (!HOST.test(host) && !IPV4.test(host)) {
    return { ok: false, message: `"${input.trim()}" is not a site name. Type a site, for example github.com.` };
  }
  return { ok: true, host };
}

/** The host of a page URL, or null for pages that can never be shadowable (chrome://, file://, ...). */
export function siteOfUrl(url: string | undefined): SiteHost | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.hostname;
  } catch {
    return null;
  }
}

/** Match patterns for exactly one host: both schemes, any port, every path, and no subdomain. */
export function matchPatternsFor(host: SiteHost): string[] {
  return [`https://${host}/*`, `http://${host}/*`];
}
