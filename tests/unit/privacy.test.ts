// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PRIVATE_SELECTOR, SECRET_MASK, insidePrivate, isSecretField, maskInput } from '@/lib/recorder/privacy';
import { RECORD_OPTIONS } from '@/lib/recorder/record-options';

function field(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.querySelector('[data-t]')!;
}

describe('secret fields', () => {
  it.each([
    ['<input data-t type="password">', true],
    ['<input data-t autocomplete="cc-number">', true],
    ['<input data-t autocomplete="one-time-code">', true],
    ['<input data-t name="cvc">', true],
    ['<input data-t id="card-number">', true],
    ['<div data-private><input data-t></div>', true],
    ['<section class="rr-block"><textarea data-t></textarea></section>', true],
    ['<input data-t name="title">', false],
    ['<textarea data-t id="comment"></textarea>', false],
  ])('%s is secret: %s', (html, secret) => {
    expect(isSecretField(field(html))).toBe(secret);
  });

  it('masks secrets with one fixed mask, whatever their length, and keeps other text', () => {
    expect(maskInput('hunter2', field('<input data-t type="password">'))).toBe(SECRET_MASK);
    expect(maskInput('a much longer secret value', field('<input data-t type="password">'))).toBe(SECRET_MASK);
    expect(maskInput('a draft', field('<textarea data-t></textarea>'))).toBe('a draft');
  });

  it('keeps a password field secret after "show password" turns it into text', () => {
    const input = field('<input data-t type="password">') as HTMLInputElement;
    expect(isSecretField(input)).toBe(true);
    input.type = 'text';
    expect(maskInput('now visible', input)).toBe(SECRET_MASK);
  });
});

describe('inside a private element', () => {
  /** An element inside a shadow root whose host sits in `outer` (the host's own markup). */
  function inShadow(outer: string): HTMLElement {
    document.body.innerHTML = outer;
    const host = document.querySelector('[data-host]')!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<label><input data-t></label>';
    return root.querySelector('[data-t]')!;
  }

  it.each([
    ['<div data-private><span data-host></span></div>', true],
    ['<span data-host class="fs-exclude"></span>', true],
    ['<div class="public"><span data-host></span></div>', false],
  ])('an element in the shadow root of a host in %s: %s', (outer, inside) => {
    const el = inShadow(outer);
    expect(el.closest(PRIVATE_SELECTOR)).toBeNull(); // closest() alone stops at the shadow root
    expect(insidePrivate(el)).toBe(inside);
    expect(isSecretField(el)).toBe(inside);
  });

  it('follows a private mark added after the element was first seen', () => {
    const el = inShadow('<div id="panel"><span data-host></span></div>');
    expect(insidePrivate(el)).toBe(false);
    document.getElementById('panel')!.setAttribute('data-private', '');
    expect(insidePrivate(el)).toBe(true);
  });
});

describe("rrweb's block options", () => {
  const blocked = (el: Element) =>
    el.classList.contains(RECORD_OPTIONS.blockClass) || el.matches(RECORD_OPTIONS.blockSelector);

  it.each(PRIVATE_SELECTOR.split(','))('block %s, as PRIVATE_SELECTOR does', (marker) => {
    const el = document.createElement('div');
    const name = marker.replace(/^[.[]|]$/g, '');
    if (marker.startsWith('.')) el.className = name;
    else el.setAttribute(name, '');
    expect(el.matches(PRIVATE_SELECTOR)).toBe(true);
    expect(blocked(el)).toBe(true);
  });

  // The rrweb patch skips the selector for an element without attributes (hasNoMarker): a marker that needs no
  // attribute, such as a tag name, would then never block anything.
  it.each(PRIVATE_SELECTOR.split(','))('name %s by a class or an attribute only', (marker) => {
    expect(marker).toMatch(/^(\.[\w-]+|\[[\w-]+\])$/);
  });

  it('leave unmarked elements alone', () => {
    const el = document.createElement('div');
    el.className = 'rr-blocky private';
    el.setAttribute('data-privately', '');
    expect(blocked(el)).toBe(false);
  });
});
