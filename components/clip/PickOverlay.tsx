/**
 * Click-to-pick over the replay: the element under the pointer is outlined, and a click redacts it. The replay's
 * frame is same-origin without scripts, so the page reads it directly; the node's rrweb id comes from the
 * Replayer's mirror, and its border-box size is kept so a hidden element's placeholder keeps the layout.
 */
import { useState, type RefObject } from 'react';
import type { RedactionMode } from '@/lib/redact';
import { storedNodeIdSelector } from '@/lib/redact';
import type { StoredRedaction } from '@/lib/published';
import type { StageApi } from '@/components/share/StagePlayer';

export interface Picked extends StoredRedaction {
  /** What the author sees in the list ("div#secret.panel"). */
  label: string;
}

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export function describeElement(el: Element): string {
  const id = el.id ? `#${el.id}` : '';
  const classes = [...el.classList].slice(0, 2).map((c) => `.${c}`).join('');
  return `${el.tagName.toLowerCase()}${id}${classes}`;
}

export function PickOverlay({ api, mode, onPick }: { api: RefObject<StageApi | null>; mode: RedactionMode; onPick: (p: Picked) => void }) {
  const [box, setBox] = useState<Box | null>(null);
  const [hint, setHint] = useState<string | null>(null);

  const target = (clientX: number, clientY: number): { el: Element; box: Box } | null => {
    const stage = api.current;
    const frame = stage?.iframe();
    const doc = frame?.contentDocument;
    if (!stage || !frame || !doc) return null;
    const scale = stage.scale() || 1;
    const frameRect = frame.getBoundingClientRect();
    const el = doc.elementFromPoint((clientX - frameRect.left) / scale, (clientY - frameRect.top) / scale);
    if (!el || el === doc.documentElement || el === doc.body) return null;
    const r = el.getBoundingClientRect();
    const parent = frame.closest('.player-frame')!.getBoundingClientRect();
    return {
      el,
      box: { left: frameRect.left - parent.left + r.left * scale, top: frameRect.top - parent.top + r.top * scale, width: r.width * scale, height: r.height * scale },
    };
  };

  return (
    <div
      className="pick-overlay"
      aria-label="Pick an element to redact"
      data-mode={mode}
      onMouseMove={(e) => {
        const t = target(e.clientX, e.clientY);
        setBox(t?.box ?? null);
        setHint(t ? describeElement(t.el) : null);
      }}
      onMouseLeave={() => setBox(null)}
      onClick={(e) => {
        const t = target(e.clientX, e.clientY);
        const id = t ? api.current?.nodeIdOf(t.el) : null;
        if (!t || !id) return;
        const r = t.el.getBoundingClientRect();
        onPick({
          selector: storedNodeIdSelector(id),
          mode,
          ...(mode === 'hide' ? { size: { width: Math.round(r.width), height: Math.round(r.height) } } : {}),
          label: describeElement(t.el),
        });
      }}
    >
      {box && <div className="pick-box" style={{ left: box.left, top: box.top, width: box.width, height: box.height }} />}
      {hint && <div className="pick-hint">{hint}</div>}
    </div>
  );
}
