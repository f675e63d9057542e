import { describe, expect, it } from 'vitest';
import { matchPatternsFor, parseSite, siteOfUrl } from '@/lib/sites';

describe('sites', () => {
  it.each([
    ['github.com', 'github.com'],
    ['  GitHub.com ', 'github.com'],
    ['https://github.com/org/repo/pull/1', 'github.com'],
    ['gist.github.com', 'gist.github.com'],
    ['127.0.0.1:8080', '127.0.0.1'],
    ['figma.com/file/abc', 'figma.com'],
  ])('%s is the site %s', (input, host) => {
    expect(parseSite(input)).toEqual({ ok: true, host });
  });

  it.each([[''], ['*.github.com'], ['not a site'], ['chrome://extensions'], ['ftp://x.org'], ['-bad-.com']])(
    '%s is refused with a message',
    (input) => {
      const parsed = parseSite(input);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(10);
    },
  );

  it('grants exactly one host: both schemes, no subdomains', () => {
    expect(matchPatternsFor('github.com')).toEqual(['https://github.com/*', 'http://github.com/*']);
  });

  it.each([
    ['https://github.com/a', 'github.com'],
    ['chrome://settings', null],
    ['file:///tmp/x.html', null],
    [undefined, null],
    ['garbage', null],
  ])('the site of %s is %s', (url, site) => {
    expect(siteOfUrl(url)).toBe(site);
  });
});
