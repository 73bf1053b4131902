// Counts and limits in English messages ("at most 5,000 rows"), without ICU: the first
// Number#toLocaleString in a process makes ICU load its locale and number-formatting data, about
// 5–7 MB of Node's binary that then stays resident for the process's life (measured on the idle
// server, which otherwise touched it only for these messages, some built at module load).

/** A whole number with commas between thousands, as `n.toLocaleString("en")` writes it. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en");
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 ? `-${digits}` : digits;
}
