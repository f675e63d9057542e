/**
 * The page at /s/<id>. For now a placeholder: the web viewer that decrypts and replays in any browser is a later
 * task. It already carries the viewer's content security policy, so nothing that replaces it can loosen it by accident.
 * The key sits in the URL fragment, which the browser never sends here: this page never sees it.
 */
export const VIEWER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export type ViewerState = 'active' | 'expired' | 'revoked' | 'not_found';

const TEXT: Record<ViewerState, { status: number; title: string; body: string }> = {
  active: {
    status: 200,
    title: 'Shadowtrace clip',
    body:
      'This is a Shadowtrace clip. The web viewer is not available on this service yet: open the link with the ' +
      'Shadowtrace extension (paste it into the side panel) to watch it.',
  },
  expired: { status: 410, title: 'This link expired', body: 'This Shadowtrace link has expired. Ask its author for a new one.' },
  revoked: { status: 410, title: 'This link was revoked', body: 'The author revoked this Shadowtrace link.' },
  not_found: { status: 404, title: 'Link not found', body: 'There is no Shadowtrace clip at this address. Check that the whole link was copied.' },
};

export function viewerPage(state: ViewerState): { status: number; html: string } {
  const t = TEXT[state];
  // No inline script or style: the CSP above forbids both, and the text is constant (nothing from the request).
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${t.title}</title>
</head>
<body>
<main>
<h1>${t.title}</h1>
<p>${t.body}</p>
</main>
</body>
</html>
`;
  return { status: t.status, html };
}
