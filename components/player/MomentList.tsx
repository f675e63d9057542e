/**
 * The trace's moments as a calm, compact list of buttons: each seeks the replay to its moment, and the moment
 * playback has reached last is highlighted (and kept in view inside the list, without scrolling the page).
 */
import { memo, useEffect, useRef } from 'react';
import type { MomentLabel, MomentLike } from '@/lib/timeline/labels';
import { MomentIcon } from './MomentIcon';

export interface ListedMoment {
  key: string;
  moment: MomentLike;
  label: MomentLabel;
}

interface Props {
  items: readonly ListedMoment[];
  /** The current stop: these indexes are highlighted (moments at the same time are one stop). */
  current: number;
  onSeek: (t: number) => void;
  /** Shown when there is nothing to list. */
  empty: string;
}

const Item = memo(function Item({ item, current, onSeek }: { item: ListedMoment; current: boolean; onSeek: (t: number) => void }) {
  const { moment, label } = item;
  return (
    <li className={`moment${current ? ' current' : ''}`} data-kind={moment.kind} data-t={moment.t}>
      <button type="button" aria-label={label.name} aria-current={current ? 'true' : undefined} onClick={() => onSeek(moment.t)}>
        <MomentIcon kind={moment.kind} />
        <span className="moment-text">
          <span className="moment-title">{label.title}</span>
          {label.detail && <span className="moment-detail"> · {label.detail}</span>}
        </span>
        <span className="moment-clock">{label.clock}</span>
      </button>
    </li>
  );
});

export const MomentList = memo(function MomentList({ items, current, onSeek, empty }: Props) {
  const listRef = useRef<HTMLUListElement>(null);
  const currentT = current >= 0 ? items[current]?.moment.t : undefined;

  useEffect(() => {
    const list = listRef.current;
    if (!list || current < 0) return;
    const el = list.children[current] as HTMLElement | undefined;
    if (!el) return;
    // Scroll the list only, never the page: the replay above must stay where the mentee is looking.
    const top = el.offsetTop; // the list is positioned, so this is within it
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + el.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + el.offsetHeight - list.clientHeight;
  }, [current]);

  if (items.length === 0) return <p className="muted moment-empty">{empty}</p>;
  return (
    <ul ref={listRef} className="moment-list plain" aria-label="Moments">
      {items.map((item) => (
        <Item key={item.key} item={item} current={currentT !== undefined && item.moment.t === currentT} onSeek={onSeek} />
      ))}
    </ul>
  );
});
