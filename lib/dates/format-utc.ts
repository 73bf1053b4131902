/** "2026-11-26 15:24 UTC": how every page, email and PDF shows a moment. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
