// Shared by the PAdES tests: the pieces of a sealed PDF's signature, taken apart the way an
// outside validator would (by the /ByteRange), and openssl to judge them.
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import * as asn1js from "asn1js";
import { ContentInfo, SignedData } from "pkijs";
import { temporaryDirectory } from "./pdf-signature-fixtures";

const run = promisify(execFile);

/** The CMS (DER, without the placeholder's zero padding) and the bytes its /ByteRange signs. */
export function signatureParts(pdf: Uint8Array): { der: Buffer; signedContent: Buffer; contentsAt: number } {
  const bytes = Buffer.from(pdf);
  const match = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(bytes.toString("latin1"));
  if (!match) throw new Error("no /ByteRange");
  const [a, b, c, d] = match.slice(1).map(Number);
  const hex = bytes.subarray(a + b + 1, c - 1).toString("latin1");
  const padded = Buffer.from(hex, "hex");
  const parsed = asn1js.fromBER(new Uint8Array(padded));
  const der = padded.subarray(0, parsed.offset);
  return {
    der,
    signedContent: Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]),
    contentsAt: a + b + 1,
  };
}

export function signedDataOf(der: Buffer): SignedData {
  const contentInfo = ContentInfo.fromBER(new Uint8Array(der));
  return new SignedData({ schema: contentInfo.content });
}

/** A sealed PDF with its CMS replaced by `der` (padded with zeros to the same room). */
export function withSignature(pdf: Uint8Array, der: Buffer): Buffer {
  const copy = Buffer.from(pdf);
  const { contentsAt } = signatureParts(pdf);
  const room = copy.indexOf(">", contentsAt) - contentsAt;
  const hex = der.toString("hex");
  if (hex.length > room) throw new Error("the new signature does not fit");
  copy.write(hex.padEnd(room, "0"), contentsAt, "latin1");
  return copy;
}

/** Runs openssl with files written from `files` into a temporary directory; `{name}` in args is its path. */
export async function openssl(args: string[], files: Record<string, Uint8Array | string>) {
  const { dir, remove } = await temporaryDirectory();
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, name), content);
    const resolved = args.map((arg) => arg.replace(/\{([^}]+)\}/g, (_, name: string) => path.join(dir, name)));
    try {
      const { stdout, stderr } = await run("openssl", resolved, { encoding: "latin1" });
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      return { ok: false, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
    }
  } finally {
    await remove();
  }
}
