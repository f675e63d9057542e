/**
 * The state of a replayed page, node by node, as a person would see it: tags, attributes, text, field values and
 * each stylesheet's rules. Self-contained, as Playwright sends its source to the page (the replay benchmark
 * bundles it too). Leaves out what differs between replayers without showing (scripts, rrweb's hover and pause
 * classes, attribute order).
 */
export function pageState(frame: Element): string[] {
  const doc = (frame as HTMLIFrameElement).contentDocument!;
  const out: string[] = [];
  const walk = (n: Node, depth: number) => {
    if (n.nodeType === 1) {
      const el = n as Element;
      if (el.tagName === 'SCRIPT' || el.tagName === 'NOSCRIPT') return;
      const attributes = Array.from(el.attributes)
        .map((a) => (a.name === 'class' ? [a.name, a.value.split(/\s+/).filter((c) => c && c !== ':hover' && c !== 'rrweb-paused').sort().join(' ')] : [a.name, a.value]))
        .filter(([name, value]) => name !== 'class' || value)
        .sort();
      let extra = '';
      if (el.tagName === 'TEXTAREA' || el.tagName === 'INPUT') extra = ` value=${JSON.stringify((el as HTMLInputElement).value)}`;
      if (el.tagName === 'STYLE') extra = ` rules=${JSON.stringify(Array.from((el as HTMLStyleElement).sheet?.cssRules ?? []).map((r) => r.cssText))}`;
      out.push(`${' '.repeat(depth)}<${el.tagName.toLowerCase()} ${JSON.stringify(attributes)}${extra}>`);
      if (el.tagName === 'STYLE') return; // its rules say it all
    } else if (n.nodeType === 3) {
      const text = (n as Text).data;
      if (text.trim()) out.push(`${' '.repeat(depth)}${JSON.stringify(text)}`);
    }
    for (const child of Array.from(n.childNodes)) walk(child, depth + 1);
  };
  walk(doc.documentElement, 0);
  return out;
}
