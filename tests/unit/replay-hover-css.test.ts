import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { adaptCssForReplay } from 'rrweb-snapshot';
import { describe, expect, it } from 'vitest';
import { adaptCssForHover } from '@/lib/replay/hover-css';
import { heavyCss } from '../../bench/pages.mjs';

/** rrweb's own answer, with no cache between calls. */
const rrweb = (css: string) => adaptCssForReplay(css, { stylesWithHoverClass: new Map() });

describe('adaptCssForHover gives rrweb’s adaptCssForReplay text', () => {
  it.each([
    ['a hover rule', 'a:hover{color:red}', 'a:hover,\na.\\:hover{color:red}'],
    ['one selector of a list', '.a, .b:hover > i {x:y}', '.a, .b:hover > i,\n.b.\\:hover > i {x:y}'],
    ['two hovered selectors', 'a:hover,b:hover{x:y}', 'a:hover,b:hover,\na.\\:hover,\nb.\\:hover{x:y}'],
    ['hover inside :not()', 'li:not(:hover) span{x:y}', 'li:not(:hover) span,\nli:not(.\\:hover) span{x:y}'],
    ['a rule inside @media', '@media (min-width: 10px) { a:hover { x: y } }', '@media (min-width: 10px) { a:hover,\na.\\:hover { x: y } }'],
    ['device features', '@media (max-device-width: 600px) and (min-device-height:1px){a{x:y}}', '@media (max-width: 600px) and (min-height:1px){a{x:y}}'],
    ['an @import’s media', '@import url(x.css) screen and (max-device-width:9px);', '@import url(x.css) screen and (max-width:9px);'],
    ['an @import inside a block', '@media print{@import url(x.css) (max-device-width:9px);}', '@media print{@import url(x.css) (max-width:9px);}'],
    ['nesting', '.card { color: red; &:hover { color: blue } }', '.card { color: red; &:hover,\n&.\\:hover { color: blue } }'],
    ['space before the brace', 'a:hover \n\t{x:y}', 'a:hover,\na.\\:hover \n\t{x:y}'],
    ['comments between rules', '/* a:hover{} */ a:hover /* b */ {x:y}/*c*/', '/* a:hover{} */ a:hover,\na.\\:hover /* b */ {x:y}/*c*/'],
    ['braces in strings', 'a[title="}{"]:hover{content:"a:hover{"}', 'a[title="}{"]:hover,\na[title="}{"].\\:hover{content:"a:hover{"}'],
    ['a bare url with quotes and semicolons', 'a{background:url(data:x;y\'z{)}b:hover{x:y}', "a{background:url(data:x;y'z{)}b:hover,\nb.\\:hover{x:y}"],
    ['an escaped brace', '.a\\{:hover{x:y}', '.a\\{:hover,\n.a\\{.\\:hover{x:y}'],
    ['a hex escape that eats a space', '.a\\31 :hover{x:y}', '.a\\31 :hover,\n.a\\31 .\\:hover{x:y}'],
    ['an escaped colon (Tailwind)', '.hover\\:bg-x:hover{x:y}', '.hover\\:bg-x:hover,\n.hover\\:bg-x.\\:hover{x:y}'],
    ['@supports selector(:hover) is not a rule', '@supports selector(:hover){a{x:y}}', '@supports selector(:hover){a{x:y}}'],
    ['keyframes', '@keyframes k{from{x:y}50%{x:z}}a:hover{x:y}', '@keyframes k{from{x:y}50%{x:z}}a:hover,\na.\\:hover{x:y}'],
    ['CRLF', 'a:hover\r\n{\r\nx:y;\r\n}\r\n', 'a:hover,\na.\\:hover\r\n{\r\nx:y;\r\n}\r\n'],
    ['a custom property without braces', ':root{--x: a:hover;}b:hover{x:y}', ':root{--x: a:hover;}b:hover,\nb.\\:hover{x:y}'],
    ['nothing to do', 'a{x:y}', 'a{x:y}'],
    ['markup that would end a <style> (postcss escapes it)', 'a{content:"</style><!--"}', 'a{content:"\\3c /style>\\3c !--"}'],
    ['the same beside a hover rule', '/* <style> */a:hover{x:y}', '/* \\3c style> */a:hover,\na.\\:hover{x:y}'],
  ])('%s', (_name, css, expected) => {
    expect(rrweb(css)).toBe(expected);
    expect(adaptCssForHover(css)).toBe(expected);
  });

  it.each([
    ['a comment inside a hovered selector', 'a/* x */:hover{x:y}'],
    ['a comment inside a rewritten @media', '@media /* c */ (max-device-width: 1px){a{x:y}}'],
    ['braces in a custom property', ':root{--x:{a:b}}a:hover{x:y}'],
    ['an unclosed block', 'a:hover{x:y'],
    ['an unclosed comment', 'a:hover{x:y}/*'],
    ['an unclosed string', 'a:hover{content:"x}'],
    ['a stray brace', 'a:hover{x:y}}'],
    ['a word postcss does not read', 'a:hover{x:y} b'],
  ])('leaves %s to rrweb (null)', (_name, css) => {
    expect(adaptCssForHover(css)).toBeNull();
  });
});

/** Real stylesheets: the same text as rrweb's, every one of them. */
function realSheets(): [string, string][] {
  const monaco = 'node_modules/monaco-editor/min/vs/editor/editor.main.css';
  const vite = 'node_modules/playwright-core/lib/vite';
  const fixtures = 'tests/fixtures/pages';
  const sheets: [string, string][] = [[monaco, readFileSync(monaco, 'utf8')]];
  for (const dir of readdirSync(vite)) {
    for (const sub of [join(vite, dir), join(vite, dir, 'assets')]) {
      let names: string[] = [];
      try {
        names = readdirSync(sub).filter((n) => n.endsWith('.css'));
      } catch {
        continue;
      }
      for (const name of names) sheets.push([join(sub, name), readFileSync(join(sub, name), 'utf8')]);
    }
  }
  for (const name of readdirSync(fixtures).filter((n) => n.endsWith('.css'))) {
    sheets.push([join(fixtures, name), readFileSync(join(fixtures, name), 'utf8')]);
  }
  sheets.push(['the benchmark’s GitHub-like CSS', heavyCss()]);
  return sheets;
}

describe('on real stylesheets', () => {
  const sheets = realSheets();

  it('reads at least Monaco’s, Playwright’s and the fixtures’ sheets, with hover rules in them', () => {
    expect(sheets.length).toBeGreaterThanOrEqual(6);
    expect(sheets.filter(([, css]) => css.includes(':hover')).length).toBeGreaterThanOrEqual(4);
  });

  it.each(sheets)('%s', (_name, css) => {
    expect(adaptCssForHover(css)).toBe(rrweb(css));
  });
});

/** Seeded generator of stylesheets made of the pieces real ones have, in random order and nesting. */
function randomSheet(seed: number): string {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const selectors = ['a', '.b', '#c > d', 'e:hover', '.f:hover .g', 'li:not(:hover)', '[data-x=":hover"]', '.h\\:hover', '&:hover', '.i\\31 :hover', 'j::before'];
  const values = ['red', 'url(data:x;y)', 'url("a)b")', '"a{b}"', 'rgb(1, 2, 3)', 'var(--k)', '1px solid', "'x;y'"];
  const space = () => pick(['', ' ', '\n', '\n  ', '\t']);
  const decls = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => `${space()}${pick(['color', 'margin', '--v'])}:${space()}${pick(values)}`).join(';') + pick(['', ';']);
  const block = (depth: number): string => {
    const kind = rand();
    if (kind < 0.12) return `@media ${pick(['(max-device-width: 9px)', 'screen and (min-device-height:1px)', '(min-width: 5px)'])}${space()}{${space()}${block(depth + 1)}${space()}}`;
    if (kind < 0.18) return `/* ${pick(['a:hover{', 'note', '}'])} */`;
    if (kind < 0.22) return `@import url(x.css) ${pick(['(max-device-width:1px)', 'print'])};`;
    const list = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(selectors)).join(`,${space()}`);
    const nested = depth < 2 && rand() < 0.2 ? `;${space()}${block(depth + 1)}` : '';
    return `${list}${space()}{${decls()}${nested}${space()}}`;
  };
  return Array.from({ length: 1 + Math.floor(rand() * 8) }, () => block(0)).join(space());
}

describe('on generated stylesheets', () => {
  it('gives rrweb’s text for each of 2000, or leaves it to rrweb', () => {
    let adapted = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const css = randomSheet(seed);
      const quick = adaptCssForHover(css);
      if (quick === null) continue;
      adapted++;
      expect(quick, css).toBe(rrweb(css));
    }
    // It leaves nothing to rrweb here: these sheets have no comment inside a selector and no braces in a value.
    expect(adapted).toBe(2000);
  });
});
