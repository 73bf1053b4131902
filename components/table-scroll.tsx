import type { ReactNode } from "react";

/**
 * A wide table's own scrolling box: past the page's width the table scrolls sideways here rather
 * than squeezing its cells. Focusable and named, so keyboard users can scroll it with the arrow keys.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
