// Shared by the PDF and the signing page so both show the signing time as the same string. Pure:
// no server-only, so components may import it too.

/** "YYYY-MM-DD HH:mm UTC": always UTC, because the signer, publisher and server may sit in different zones. */
export function formatSignedDate(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}
