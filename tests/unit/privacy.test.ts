// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PRIVATE_SELECTOR, SECRET_MASK, isSecretField, maskInput } from '@/lib/recorder/privacy';
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

  it('leave unmarked elements alone', () => {
    const el = document.createElement('div');
    el.className = 'rr-blocky private';
    el.setAttribute('data-privately', '');
    expect(blocked(el)).toBe(false);
  });
});
