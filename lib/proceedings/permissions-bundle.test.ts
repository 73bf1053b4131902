import { unzipSync } from "fflate";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { bundleFileName, safeFileStem, uniqueNames } from "./bundle-file-names";
import { buildPermissionsBundle } from "./permissions-bundle";

const FORMULA_ID = "=cmd|' /C calc'!A0";
const TRAVERSAL_ID = "../../etc/passwd";

// The title is then stored as given, line breaks included (the form now refuses them, but rows
// stored before that may hold them), so the bundle's CSV must still quote it.
async function paper(proceedings: string, paperId: string, articleTitle: string) {
  const issued = await issueTestAgreement({ proceedings, articleTitle: articleTitle.replace(/\n/g, " ") });
  await db.agreement.update({ where: { id: issued.agreement.id }, data: { paperId, articleTitle } });
  return issued;
}

async function signed(proceedings: string, paperId: string, articleTitle: string, typedName: string) {
  const { agreement, token } = await paper(proceedings, paperId, articleTitle);
  await signAgreement(AUTHOR, { token, typedName });
  return sealAgreement(agreement.id);
}

const rowsOf = (bytes: Uint8Array) =>
  parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[];

describe("a volume's permissions bundle", () => {
  it("holds each sealed PDF under its paper id, a manifest with their SHA-256 and the papers still missing", async () => {
    const volume = "PMLR vol. 300, Bundle Conference 2026";
    const documents = new Map([
      ["P1", await signed(volume, "P1", "Deep Things", "Ada Lovelace")],
      [FORMULA_ID, await signed(volume, FORMULA_ID, '=HYPERLINK("http://evil")', "@Mallory")],
      [TRAVERSAL_ID, await signed(volume, TRAVERSAL_ID, 'Escaping, "quoted"\nand multi-line', "Zhang Zhongang")],
    ]);
    await paper(volume, "P4", "Not Yet Signed");
    // A declined agreement replaced by a new one: only the new one counts for its paper.
    const old = await paper(volume, "P5-old", "Old Title");
    await db.agreement.update({ where: { id: old.agreement.id }, data: { status: "declined", paperId: null } });
    const current = await paper(volume, "P5", "New Title");
    await db.agreement.update({ where: { id: current.agreement.id }, data: { supersedesId: old.agreement.id } });
    const { id, name } = await db.proceedings.update({ where: { name: volume }, data: { shortName: "PMLR300" } });

    const bundle = await buildPermissionsBundle(id);
    expect(bundle.fileName).toBe("PMLR300-permissions.zip");
    expect(bundle.documents).toBe(3);
    expect(bundle.missing).toEqual([
      { paperId: "P4", title: "Not Yet Signed", status: "sent" },
      { paperId: "P5", title: "New Title", status: "sent" },
    ]);

    const files = unzipSync(bundle.zip);
    // Stored, not deflated: the compression method of the first entry's local header is 0.
    expect(new DataView(bundle.zip.buffer, bundle.zip.byteOffset).getUint16(8, true)).toBe(0);
    expect(Object.keys(files).sort()).toEqual([
      "P1Permission.pdf",
      "cmd_C_calc_A0Permission.pdf",
      "etc_passwdPermission.pdf",
      "manifest.csv",
      "missing.csv",
    ]);
    const manifest = rowsOf(files["manifest.csv"]);
    expect(manifest).toHaveLength(3);
    for (const row of manifest) {
      const stored = documents.get(row.paper_id.replace(/^'/, ""))!;
      expect(sha256Hex(files[row.file])).toBe(row.sha256);
      expect(row.sha256).toBe(stored.sha256);
      expect(files[row.file].subarray(0, 5)).toEqual(new TextEncoder().encode("%PDF-"));
      expect(row.signed_utc).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const formula = manifest.find((row) => row.file === "cmd_C_calc_A0Permission.pdf")!;
    expect(formula).toMatchObject({
      paper_id: `'${FORMULA_ID}`,
      title: '\'=HYPERLINK("http://evil")',
      signer: "'@Mallory",
    });
    const traversal = manifest.find((row) => row.file === "etc_passwdPermission.pdf")!;
    expect(traversal).toMatchObject({
      paper_id: TRAVERSAL_ID,
      title: 'Escaping, "quoted"\nand multi-line',
      signer: "Zhang Zhongang",
    });
    expect(new TextDecoder().decode(files["manifest.csv"])).toContain("\r\n");
    expect(rowsOf(files["missing.csv"])).toEqual([
      { paper_id: "P4", title: "Not Yet Signed", status: "sent" },
      { paper_id: "P5", title: "New Title", status: "sent" },
    ]);
    expect(name).toBe(volume);
  });

  it("has no missing.csv once every paper is signed, and names the file after the volume without a short name", async () => {
    const volume = "Ünïcode Workshop: Proceedings 2026";
    await signed(volume, "Ω-1", "Greek Paper", "Ψ Author");
    const { id } = await db.proceedings.findUniqueOrThrow({ where: { name: volume } });
    const bundle = await buildPermissionsBundle(id);
    expect(bundle.fileName).toBe("unicode-workshop-proceedings-2026-permissions.zip");
    expect(bundle.missing).toEqual([]);
    expect(Object.keys(unzipSync(bundle.zip)).sort()).toEqual(["manifest.csv", "Ω-1Permission.pdf"]);
  });
});

describe("file names from paper ids", () => {
  it("keeps letters and digits of any script, and nothing that could leave the folder or hide a file", () => {
    expect(safeFileStem("ICML-2021_042.v2", "x")).toBe("ICML-2021_042.v2");
    expect(safeFileStem("論文-７", "x")).toBe("論文-７");
    expect(safeFileStem("../../etc/passwd", "x")).toBe("etc_passwd");
    expect(safeFileStem("..\\..\\boot.ini", "x")).toBe("boot.ini");
    expect(safeFileStem(".hidden", "x")).toBe("hidden");
    expect(safeFileStem("a\u0000b\u202Ec\nd", "x")).toBe("a_b_c_d");
    expect(safeFileStem("../", "fallback")).toBe("fallback");
    expect(Buffer.byteLength(safeFileStem("é".repeat(500), "x"))).toBeLessThanOrEqual(150);
  });

  it("disambiguates ids that come out the same, ignoring case", () => {
    const name = uniqueNames();
    expect([
      name(safeFileStem("a/b", "x"), "P.pdf"),
      name(safeFileStem("a_b", "x"), "P.pdf"),
      name("A_B", "P.pdf"),
      name("a_b-2", "P.pdf"),
    ]).toEqual(["a_bP.pdf", "a_b-2P.pdf", "A_B-3P.pdf", "a_b-2-2P.pdf"]);
  });

  it("names the bundle after the short name, sanitised", () => {
    expect(bundleFileName({ name: "Anything", shortName: "../ICML 21" })).toBe("ICML_21-permissions.zip");
    expect(bundleFileName({ name: "***", shortName: null })).toBe("proceedings-permissions.zip");
  });
});
