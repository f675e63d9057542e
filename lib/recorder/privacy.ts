/**
 * What never reaches storage: passwords, payment and one-time-code fields, and anything the site or the senior
 * marks private. Their values are replaced by a fixed mask, never one character per character (that would
 * give away a secret's length), and a field stays secret once it has been one ("show password" toggles).
 */

/** Placeholder for any secret value; the same whatever the secret's length. */
export const SECRET_MASK = '\u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022';

/** rrweb's own block class: rrweb checks it before any selector, with a fast single-class `closest`. */
export const RRWEB_BLOCK_CLASS = 'rr-block';

/**
 * The other markers, for rrweb's `blockSelector`. rrweb runs `closest()` with it on the target of every
 * child-list mutation, and Chrome's cost grows with each selector in the list, so nothing here repeats what
 * the block class already covers.
 */
export const PRIVATE_SELECTOR_BESIDES_BLOCK_CLASS = [
  '[data-private]',
  '[data-shadowtrace-private]',
  '.shadowtrace-private',
  '[data-rr-block]',
  '[data-sentry-block]',
  '.fs-exclude',
  '[data-hj-suppress]',
  '.ph-no-capture',
].join(',');

/** Elements that sites and people use to say "private": blocked whole (recorded as an empty box of their size). */
export const PRIVATE_SELECTOR = `.${RRWEB_BLOCK_CLASS},${PRIVATE_SELECTOR_BESIDES_BLOCK_CLASS}`;

/**
 * Whether the element is private or inside a private element, across shadow roots and same-origin frames:
 * `closest()` stops at a shadow root and at a frame's document, while a site marks the part of the page around
 * either private.
 */
export function insidePrivate(el: Element): boolean {
  for (let cur: Element | null = el; cur; cur = holderOf(cur.getRootNode())) {
    if (cur.closest(PRIVATE_SELECTOR) !== null) return true;
  }
  return false;
}

/** The element that holds a shadow root or a same-origin frame's document (the frame's own realm: no instanceof). */
function holderOf(root: Node): Element | null {
  if (root.nodeType === root.DOCUMENT_FRAGMENT_NODE) return (root as ShadowRoot).host ?? null;
  if (root.nodeType !== root.DOCUMENT_NODE) return null;
  try {
    return (root as Document).defaultView?.frameElement ?? null;
  } catch {
    return null; // a cross-origin parent
  }
}

const SECRET_AUTOCOMPLETE = /\b(current-password|new-password|one-time-code|cc-number|cc-csc|cc-exp|cc-exp-month|cc-exp-year|cc-name|cc-type)\b/i;
const SECRET_NAME =
  /(pass(word|wd|code)?|pwd|secret|token|api[-_]?key|card[-_ ]?(number|no|num)|cc[-_]?(num|number|csc|cvc|cvv)|cvc|cvv|csc|security[-_ ]?code|otp|one[-_]?time|2fa|mfa|totp|verification[-_ ]?code|iban|ssn)/i;

/** Fields seen as secret at any time: a password field toggled to text stays masked. */
const onceSecret = new WeakSet<Element>();

function attr(el: Element, name: string): string {
  return el.getAttribute(name) ?? '';
}

export function isSecretField(el: Element | null | undefined): boolean {
  if (!el || typeof el.getAttribute !== 'function') return false;
  if (onceSecret.has(el)) return true;
  const tag = el.tagName.toLowerCase();
  const type = tag === 'input' ? attr(el, 'type').toLowerCase() : '';
  const secret =
    type === 'password' ||
    el.hasAttribute('data-rr-is-password') ||
    SECRET_AUTOCOMPLETE.test(attr(el, 'autocomplete')) ||
    SECRET_NAME.test(attr(el, 'name')) ||
    SECRET_NAME.test(el.id) ||
    (tag === 'input' && SECRET_NAME.test(attr(el, 'aria-label'))) ||
    (tag === 'input' && SECRET_NAME.test(attr(el, 'placeholder'))) ||
    insidePrivate(el);
  if (secret) onceSecret.add(el);
  return secret;
}

/** rrweb's maskInputFn: called for every field because every field type is marked for masking. */
export function maskInput(text: string, el: HTMLElement): string {
  return isSecretField(el) ? (text === '' ? '' : SECRET_MASK) : text;
}

/** Every tag and input type rrweb knows, so that rrweb asks maskInput about every value it records. */
export const MASK_EVERY_INPUT = {
  color: true, date: true, 'datetime-local': true, email: true, month: true, number: true, range: true,
  search: true, tel: true, text: true, time: true, url: true, week: true, textarea: true, select: true,
  password: true, input: true,
} as const;
