import "server-only";
import type { TimestampAuthority } from "@/lib/timestamp/timestamp-authority-settings";

// A token's size is known only once it arrives, after the room for it is fixed in the document.
// Tokens from one authority differ by a few bytes (serial number, fractions of a second, nonce),
// so the room is the authority's last token plus a margin; a bigger one means preparing again.
const MARGIN_BYTES = 64;
// Before an authority's first token: room for one carrying its certificate and its CA's.
const FIRST_GUESS_BYTES = 4096;
// No token that carries the authority's certificate is smaller; less room would only mean retries.
const FLOOR_BYTES = 2048;
// The unsigned attribute around the token, and length fields that may grow by a byte.
const WRAPPING_BYTES = 32;
/** Far beyond any timestamp token (a few KB): refused rather than embedded into every seal. */
export const MAX_TIMESTAMP_BYTES = 64 * 1024;

const lastTokenBytes = new Map<string, number>();

/** The room to reserve for the next token from this authority, wrapping included. */
export function timestampRoomBytes(authority: TimestampAuthority): number {
  return Math.max(lastTokenBytes.get(authority.url) ?? FIRST_GUESS_BYTES, FLOOR_BYTES) + WRAPPING_BYTES + MARGIN_BYTES;
}

/** The room for a signature that needed `bytes` with a token: its size, plus the same margin. */
export function roomAfterTooLarge(bytes: number): number {
  return bytes + MARGIN_BYTES;
}

export function recordTimestampSize(authority: TimestampAuthority, bytes: number) {
  lastTokenBytes.set(authority.url, bytes);
}
