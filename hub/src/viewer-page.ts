/**
 * The page at /s/<id>, and the web viewer's static files.
 *
 * For a live link the page is a shell that loads the viewer (viewer/main.ts, bundled by scripts/build-viewer.mjs into
 * dist/viewer/): the viewer reads the key from the fragment, which the browser never sends here, downloads the
 * ciphertext from the API, decrypts and replays it in the browser. For an ended or unknown link the page says so
 * itself, with the right status, and loads no script at all.
 *
 * The CSP allows script only from this origin (no inline script), connections only to this origin, images only from
 * here, data: and blob:, and no plug-ins, forms or framing by others. The replay frame is an about:blank iframe that
 * inherits this policy, so replayed content can reach nothing outside this origin either (and it never runs script:
 * its sandbox lacks allow-scripts). Inline styles are allowed because a replayed page is made of them (rrweb rebuilds
 * <style> elements and style attributes); styles cannot run script, and every URL they could load is also checked here.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VIEWER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "child-src 'self'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Everything about a viewer response except the body: also used for its assets. */
export const VIEWER_HEADERS: Record<string, string> = {
  'Content-Security-Policy': VIEWER_CSP,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), clipboard-read=()',
};

export type ViewerState = 'active' | 'expired' | 'revoked' | 'not_found';

export const DEFAULT_VIEWER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'viewer');

export const VIEWER_ASSETS = {
  'viewer.js': 'text/javascript; charset=utf-8',
  'viewer.css': 'text/css; charset=utf-8',
} as const;
export type ViewerAsset = keyof typeof VIEWER_ASSETS;

/** The built viewer's files, read once and again whenever they change on disk (a rebuild needs no restart). */
export class ViewerAssets {
  private cache = new Map<ViewerAsset, { mtimeMs: number; body: Buffer; etag: string }>();

  constructor(readonly dir: string = DEFAULT_VIEWER_DIR) {}

  async get(name: ViewerAsset): Promise<{ body: Buffer; etag: string } | undefined> {
    const file = path.join(this.dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(file)).mtimeMs;
    } catch {
      return undefined;
    }
    const cached = this.cache.get(name);
    if (cached && cached.mtimeMs === mtimeMs) return cached;
    const body = await readFile(file);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    const entry = { mtimeMs, body, etag };
    this.cache.set(name, entry);
    return entry;
  }

  /** A version tag for the page's asset URLs, or undefined when the viewer is not built. */
  async version(): Promise<string | undefined> {
    const [js, css] = await Promise.all([this.get('viewer.js'), this.get('viewer.css')]);
    if (!js || !css) return undefined;
    return createHash('sha256').update(js.etag).update(css.etag).digest('base64url').slice(0, 12);
  }
}

const ENDED: Record<Exclude<ViewerState, 'active'>, { status: number; code: string; title: string; body: (endedAt?: string) => string }> = {
  expired: {
    status: 410,
    code: 'share:link_expired',
    title: 'This link has expired',
    body: (at) => `This link expired${at ? ` on ${formatDate(at)}` : ''}. Ask its author to publish the clip again.`,
  },
  revoked: {
    status: 410,
    code: 'share:link_revoked',
    title: 'This link was revoked',
    body: (at) => `This link was revoked by its author${at ? ` on ${formatDate(at)}` : ''}.`,
  },
  not_found: {
    status: 404,
    code: 'share:not_found',
    title: 'Clip not found',
    body: () => 'Not found: this share service has no clip for this link. Check that the whole link was copied.',
  },
};

/** The same words as the extension's share client ("31 January 2030, 12:00 UTC"). */
function formatDate(iso: string): string {
  const d = new Date(iso);
  if (!Number.isFinite(d.getTime())) return 'an unknown date';
  const date = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${date}, ${time} UTC`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function layout(title: string, head: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
${head}</head>
<body>
${body}
</body>
</html>
`;
}

export interface ViewerPageInput {
  state: ViewerState;
  /** When an ended link ended (ISO). */
  endedAt?: string;
  /** From ViewerAssets.version(); undefined when the viewer is not built. */
  assetsVersion?: string;
}

/**
 * The page. Asset URLs are relative (`../viewer/…`), so the hub also works under a path prefix behind a proxy. Nothing
 * from the request is written into it.
 */
export function viewerPage({ state, endedAt, assetsVersion }: ViewerPageInput): { status: number; html: string } {
  if (state !== 'active') {
    const t = ENDED[state];
    const css = assetsVersion ? `<link rel="stylesheet" href="../viewer/viewer.css?v=${assetsVersion}">\n` : '';
    const html = layout(
      `${t.title} - Shadowtrace`,
      css,
      `<header class="page-header"><span class="brand">Shadowtrace</span></header>
<main>
<section id="problem" class="problem" role="alert" data-code="${t.code}">
<h2 id="problem-title">${escapeHtml(t.title)}</h2>
<p id="problem-text">${escapeHtml(t.body(endedAt))}</p>
</section>
</main>`,
    );
    return { status: t.status, html };
  }
  if (!assetsVersion) {
    const html = layout(
      'Shadowtrace clip',
      '',
      `<main>
<section id="problem" class="problem" role="alert" data-code="viewer_missing">
<h2 id="problem-title">The web viewer is not available on this service</h2>
<p id="problem-text">This is a Shadowtrace clip, but this share service was started without its web viewer (run
<code>npm run build</code> in its hub folder). Open the link with the Shadowtrace extension instead: paste it into the side panel.</p>
</section>
</main>`,
    );
    return { status: 200, html };
  }
  const html = layout(
    'Shadowtrace clip',
    `<link rel="stylesheet" href="../viewer/viewer.css?v=${assetsVersion}">
<script src="../viewer/viewer.js?v=${assetsVersion}" defer></script>
`,
    `<header class="page-header"><span class="brand">Shadowtrace</span><h1 id="clip-title">Shadowtrace clip</h1></header>
<noscript><section class="problem"><h2>This viewer needs JavaScript</h2><p>Clips are decrypted in your browser, so this page needs JavaScript. Nothing you watch here runs any script of the recorded page.</p></section></noscript>
<p id="status" role="status">Opening the clip…</p>
<section id="problem" class="problem" role="alert" hidden>
<h2 id="problem-title"></h2>
<p id="problem-text"></p>
</section>
<main id="clip" class="clip" hidden>
<section class="player" aria-label="Replay">
<p id="clip-meta" class="clip-meta muted"></p>
<div id="replay-frame" class="replay-frame"><div id="replay-stage" class="replay-stage"></div></div>
<div class="controls">
<button id="play" class="play" type="button" aria-pressed="false">Play</button>
<input id="scrub" type="range" aria-label="Position in the clip" min="0" max="1" value="0">
<span id="clock" class="clock">0:00 / 0:00</span>
<select id="speed" aria-label="Speed"></select>
</div>
</section>
<aside>
<section aria-labelledby="marks-title">
<h2 id="marks-title">Notes and moments</h2>
<p id="no-marks" class="muted" hidden>The author left no notes, and no moments were found in this clip.</p>
<ol id="marks" class="marks"></ol>
</section>
<section aria-labelledby="questions-title">
<div class="thread-head"><h2 id="questions-title">Questions</h2><button id="refresh-thread" type="button">Refresh</button></div>
<form id="ask">
<label for="question">Ask the author about this moment</label>
<textarea id="question" maxlength="10000" placeholder="Why did you…?"></textarea>
<button id="ask-button" type="submit">Ask at 0:00</button>
<p id="ask-status" role="status"></p>
</form>
<p id="thread-status" role="status"></p>
<ol id="thread" class="thread"></ol>
</section>
</aside>
</main>`,
  );
  return { status: 200, html };
}
