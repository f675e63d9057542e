/** Every way opening a link can fail, as a heading and a sentence for the person in front of it. */
import { BundleError } from '../../lib/bundle';
import { ShareError } from '../../lib/share-client';
import { LinkError } from '../../lib/share-link';

export interface Problem {
  /** Stable, for tests and support: `https`, `link:<code>`, `share:<code>`, `bundle:<code>`, `replay`. */
  code: string;
  title: string;
  message: string;
}

export function insecureProblem(host: string): Problem {
  return {
    code: 'https',
    title: 'This viewer needs HTTPS',
    message:
      `This page was opened over plain HTTP on ${host}. Clips are decrypted in your browser with WebCrypto, which ` +
      'browsers only allow on HTTPS pages (or on localhost). Open the same link with https:// instead, or ask ' +
      'whoever runs this share service to put it behind HTTPS.',
  };
}

const LINK_TITLES: Record<string, string> = {
  missing_key: 'This link has no key',
  bad_key: "This link's key is damaged",
  bad_id: 'This link is damaged',
  not_a_trace_link: 'This is not a Shadowtrace link',
  not_a_url: 'This is not a Shadowtrace link',
  insecure: 'This viewer needs HTTPS',
};

const SHARE_TITLES: Record<string, string> = {
  link_expired: 'This link has expired',
  link_revoked: 'This link was revoked',
  not_found: 'Clip not found',
  bad_id: 'This link is damaged',
  rate_limited: 'The share service is busy',
  unreachable: 'The share service cannot be reached',
};

const BUNDLE_TITLES: Record<string, string> = {
  bad_key: "This link's key is damaged",
  wrong_key: 'Wrong key for this clip',
  tampered: 'This clip was altered',
  truncated: 'This clip is incomplete',
  not_a_bundle: 'This is not a Shadowtrace clip',
  unsupported_version: 'This clip is too new for this viewer',
  too_large: 'This clip is too large',
  malformed: 'This clip is damaged',
  empty_clip: 'This clip is empty',
};

export function problemOf(err: unknown): Problem {
  if (err instanceof LinkError) {
    return { code: `link:${err.code}`, title: LINK_TITLES[err.code] ?? 'This link is damaged', message: err.message };
  }
  if (err instanceof ShareError) {
    let message = err.message;
    // The client's wording points at the extension's Settings; here there are none.
    if (err.code === 'unreachable') message = 'The share service cannot be reached: check your connection and try again.';
    else if (err.code === 'bad_response') message = 'The share service answered with something unexpected: try again later.';
    else if (['bad_json', 'bad_blob', 'empty_body', 'no_route', 'method_not_allowed'].includes(err.code)) {
      message = 'The share service did not understand this request: it may run a different version of Shadowtrace.';
    }
    return { code: `share:${err.code}`, title: SHARE_TITLES[err.code] ?? 'The share service failed', message };
  }
  if (err instanceof BundleError) {
    const message = err.code === 'unsupported_version' ? err.message.replace('Update Shadowtrace', 'Ask the author to publish it again, or open it with an up-to-date Shadowtrace extension') : err.message;
    return { code: `bundle:${err.code}`, title: BUNDLE_TITLES[err.code] ?? 'This clip cannot be opened', message };
  }
  return {
    code: 'replay',
    title: 'This clip cannot be replayed',
    message: `The clip was opened but could not be replayed in this browser${err instanceof Error && err.message ? `: ${err.message}` : '.'}`,
  };
}
