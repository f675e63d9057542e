/**
 * One small shape per moment kind, used on the scrubber and in the moment list (which makes the list its legend).
 * Kinds differ by shape as well as by colour, so they stay apart without colour vision.
 */
import type { MomentKind } from '@/lib/db/schema';

const SHAPES: Record<MomentKind, React.ReactNode> = {
  undo: <polygon points="9.5,1.5 9.5,10.5 1.5,6" />,
  redo: <polygon points="2.5,1.5 2.5,10.5 10.5,6" />,
  revision: <polygon points="6,0.8 11.2,6 6,11.2 0.8,6" />,
  abandoned: <path d="M2.3 2.3 9.7 9.7M9.7 2.3 2.3 9.7" fill="none" stroke="currentColor" strokeWidth="2.4" strokeLinecap="round" />,
  navigation: <rect x="4.5" y="0.5" width="3" height="11" rx="1" />,
  bookmark: <path d="M2.5 0.8h7v10.4L6 8.2l-3.5 3z" />,
  note: <circle cx="6" cy="6" r="4.6" />,
  draft: <rect x="1.8" y="1.8" width="8.4" height="8.4" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.8" />,
  pause: (
    <>
      <rect x="2.2" y="1.5" width="2.8" height="9" rx="0.8" />
      <rect x="7" y="1.5" width="2.8" height="9" rx="0.8" />
    </>
  ),
  away: <circle cx="6" cy="6" r="4.3" fill="none" stroke="currentColor" strokeWidth="1.8" strokeDasharray="2.4 1.6" />,
  burst: <rect x="0.8" y="4.6" width="10.4" height="2.8" rx="1.4" />,
};

export function MomentIcon({ kind, className }: { kind: MomentKind; className?: string }) {
  return (
    <svg
      className={`moment-icon mk-${kind}${className ? ` ${className}` : ''}`}
      viewBox="0 0 12 12"
      width="12"
      height="12"
      aria-hidden="true"
      focusable="false"
      fill="currentColor"
    >
      {SHAPES[kind]}
    </svg>
  );
}
