import "server-only";
import { readPdfDate } from "@/lib/pdf/pdf-text";

export type ByteRange = { offsets: [number, number, number, number]; end: number };

const BYTE_RANGE = /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/;
const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;

/** The /ByteRange [start length start length] that starts at `at`, if it is well formed. */
export function readSignatureByteRange(pdf: Buffer, at: number): ByteRange | undefined {
  const match = BYTE_RANGE.exec(pdf.subarray(at, at + 200).toString("latin1"));
  if (!match) return undefined;
  const offsets = match.slice(1, 5).map(Number) as ByteRange["offsets"];
  if (!offsets.every(Number.isSafeInteger)) return undefined;
  const [a, b, c, d] = offsets;
  if (a + b > c) return undefined;
  return { offsets, end: c + d };
}

/**
 * The signature value (DER) of the signature dictionary around `at`. A sound signature leaves
 * exactly its /Contents hex string out of the signed bytes (fillsGap); anything else in that gap
 * would be unsigned content, so it is reported rather than trusted.
 */
export function readSignatureContents(
  pdf: Buffer,
  at: number,
  range: ByteRange,
): { der: Buffer; fillsGap: boolean } | undefined {
  const [a, b, c] = range.offsets;
  const gapStart = a + b;
  if (c <= pdf.length && isContentsHexString(pdf, gapStart, c))
    return { der: hexToDer(pdf, gapStart, c), fillsGap: true };
  const key = nearestContentsKey(pdf, at);
  if (key === -1) return undefined;
  const open = pdf.indexOf("<", key);
  const close = open === -1 ? -1 : pdf.indexOf(">", open);
  if (close === -1 || !isContentsHexString(pdf, open, close + 1)) return undefined;
  return { der: hexToDer(pdf, open, close + 1), fillsGap: false };
}

function isContentsHexString(pdf: Buffer, start: number, end: number): boolean {
  if (end - start < 2 || pdf[start] !== LESS_THAN || pdf[end - 1] !== GREATER_THAN) return false;
  for (let i = start + 1; i < end - 1; i++) if (!isHexOrSpace(pdf[i])) return false;
  let before = start - 1;
  while (before >= 0 && isSpace(pdf[before])) before--;
  if (before < "/Contents".length - 1) return false;
  return pdf.subarray(before - "/Contents".length + 1, before + 1).toString("latin1") === "/Contents";
}

function nearestContentsKey(pdf: Buffer, at: number): number {
  const after = pdf.indexOf("/Contents", at);
  const endOfObject = pdf.indexOf("endobj", at);
  if (after !== -1 && (endOfObject === -1 || after < endOfObject)) return after;
  return pdf.lastIndexOf("/Contents", at);
}

function hexToDer(pdf: Buffer, start: number, end: number): Buffer {
  const hex = pdf
    .subarray(start + 1, end - 1)
    .toString("latin1")
    .replace(/\s+/g, "");
  const bytes = Buffer.from(hex.length % 2 ? `${hex}0` : hex, "hex");
  // The placeholder is longer than the signature; the rest is zero padding, not part of the DER.
  const length = derLength(bytes);
  return length !== undefined && length <= bytes.length ? bytes.subarray(0, length) : bytes;
}

function derLength(der: Buffer): number | undefined {
  if (der.length < 2) return undefined;
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || der.length < 2 + count) return undefined;
  return 2 + count + der.subarray(2, 2 + count).reduce((length, byte) => length * 256 + byte, 0);
}

function isHexOrSpace(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66) || isSpace(byte)
  );
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
}

export type SignatureDictionaryEntries = {
  /** How the signature value is encoded: adbe.pkcs7.detached, ETSI.CAdES.detached, … */
  subFilter?: string;
  /** /M: the time the signer claims (inside the signed bytes, but only as true as the signer's clock). */
  claimedTime?: Date;
};

const SUB_FILTER = /\/SubFilter\s*\/([^\s/<>[\]()%]+)/;
const CLAIMED_TIME = /\/M\s*(?:\(([^)]*)\)|<([0-9A-Fa-f\s]*)>)/;

/**
 * The entries of the signature dictionary around `at` that the check reports. Read from the bytes
 * of that one object (its /Contents is hex, so it cannot hide a key), because loading a whole
 * uploaded file into a PDF parser would cost far more than the signature check itself.
 */
export function readSignatureDictionary(pdf: Buffer, at: number): SignatureDictionaryEntries {
  const objectStart = pdf.lastIndexOf(" obj", at);
  const start = objectStart === -1 || at - objectStart > 4096 ? Math.max(0, at - 4096) : objectStart;
  const objectEnd = pdf.indexOf("endobj", at);
  const dictionary = pdf.subarray(start, objectEnd === -1 ? at + 4096 : objectEnd).toString("latin1");
  const subFilter = SUB_FILTER.exec(dictionary)?.[1];
  const time = CLAIMED_TIME.exec(dictionary);
  const claimedTime = time ? readPdfDate(time[1] !== undefined ? { literal: time[1] } : { hex: time[2] }) : undefined;
  return { ...(subFilter ? { subFilter } : {}), ...(claimedTime ? { claimedTime } : {}) };
}
