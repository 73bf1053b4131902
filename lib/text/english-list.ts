// The authors of a paper as agreement text names them. Written out rather than with
// Intl.ListFormat: the first ListFormat makes ICU load its locale data, 2–6 MB of Node's binary
// that then stays resident (see format-count.ts), and the agreement's language here is fixed.

/** "A", "A and B", "A, B, and C": `new Intl.ListFormat("en", { type: "conjunction" })`'s output. */
export function englishList(items: readonly string[]): string {
  if (items.length <= 2) return items.join(" and ");
  return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]}`;
}
