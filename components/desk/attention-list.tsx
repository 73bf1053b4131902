import Link from "next/link";
import type { AttentionItem, AttentionKey } from "@/lib/desk/attention-items";

/** The "needs attention" lines: every count links to the list filtered to exactly those rows; zeros stay. */
export function AttentionList({
  items,
  counts,
  hrefFor,
}: {
  items: readonly AttentionItem[];
  counts: Record<AttentionKey, number>;
  hrefFor: (item: AttentionItem) => string;
}) {
  return (
    <ul className="desk-attention" data-testid="attention">
      {items.map((item) => {
        const count = counts[item.key];
        return (
          <li key={item.key} data-key={item.key} data-count={count} className={count ? "desk-due" : "desk-calm"}>
            <Link href={hrefFor(item)}>{item.label(count)}</Link>
            {count ? <small> — {item.hint}</small> : null}
          </li>
        );
      })}
    </ul>
  );
}
