import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { storeTestTemplateVersion } from "@/test/template-fixtures";
import type { IssuedPaper } from "./csv/import-types";
import { exportVolumeMetadata } from "./export-volume-metadata";
import { previewImportFile } from "./import/preview-import-file";
import { issueRows } from "./issue-rows";

const STAFF = staffActing("metadata@example.org");
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

async function volumeFromBibtex() {
  const name = `Metadata Volume ${Math.random()}`;
  await storeTestTemplateVersion(
    { key: `meta-${Math.random().toString(36).slice(2)}`, body: "Agreement for {{article_title}}." },
    { volume: name },
  );
  const volume = await db.proceedings.findUniqueOrThrow({ where: { name } });
  const bib = new Uint8Array(readFileSync("test/fixtures/imports/pmlr-volume.bib"));
  const preview = previewImportFile(bib, { fileName: "v260.bib", issuedPapers: new Map() });
  const rows = [
    ...preview.rows,
    {
      paperId: "odd, {key} & 50%",
      articleTitle: "R&D {Braces} 100% $cost$ of C:\\dir_x ~ ^ #1",
      correspondingAuthorName: "李雷",
      correspondingAuthorEmail: "li.lei@example.cn",
      authors: ["Anne-Marie O'Neil", "李雷", "Team Smith and Jones"],
    },
  ];
  await db.$transaction((tx) => issueRows(tx, STAFF, volume, rows));
  return { volume, rows };
}

async function issuedPapersOf(proceedingsId: string): Promise<Map<string, IssuedPaper>> {
  const issued = await db.agreement.findMany({ where: { proceedingsId, paperId: { not: null } } });
  return new Map(issued.map((a) => [a.paperId!, { ...a, agreementId: a.id }]));
}

describe("volume metadata export", () => {
  it("writes PMLR BibTeX in ASCII with LaTeX accents that imports back as the same papers", async () => {
    const { volume, rows } = await volumeFromBibtex();
    const file = await exportVolumeMetadata(STAFF, { proceedingsId: volume.id, format: "bib" });
    const text = decode(file.bytes);
    // Latin letters become accent commands; only the CJK name, which has none, stays UTF-8.
    expect(text.replaceAll("李雷", "")).toMatch(/^[\x00-\x7f]*$/);
    expect(text).toContain("@InProceedings{muller24a,");
    expect(text).toContain('author = {J\\"org M\\"uller and ');

    const fresh = previewImportFile(file.bytes, { fileName: "out.bib", issuedPapers: new Map() });
    expect(fresh.problems).toEqual([]);
    const byId = new Map(fresh.rows.map((row) => [row.paperId, row]));
    for (const row of rows.slice(0, 2)) {
      expect(byId.get(row.paperId)).toMatchObject({
        articleTitle: row.articleTitle,
        authors: row.authors,
        correspondingAuthorName: row.correspondingAuthorName,
        correspondingAuthorEmail: row.correspondingAuthorEmail,
      });
    }
    const odd = fresh.rows.find((row) => row.correspondingAuthorEmail === "li.lei@example.cn");
    expect(odd).toMatchObject({ articleTitle: rows[2].articleTitle, authors: rows[2].authors });

    // Against the volume itself, the two papers whose keys survive unchanged issue nothing.
    const again = previewImportFile(file.bytes, {
      fileName: "out.bib",
      issuedPapers: await issuedPapersOf(volume.id),
    });
    expect(again.unchanged).toBe(2);
  });

  it("lists who signed each paper, with the signed text's SHA-256, as JSON and CSV", async () => {
    const { volume } = await volumeFromBibtex();
    const signed = await db.agreement.update({
      where: { proceedingsId_paperId: { proceedingsId: volume.id, paperId: "muller24a" } },
      data: { status: "signed", signedAt: new Date("2026-05-02T10:00:00Z"), signatureName: "Jörg Müller" },
    });
    const json = JSON.parse(
      decode((await exportVolumeMetadata(STAFF, { proceedingsId: volume.id, format: "signers.json" })).bytes),
    );
    expect(json).toHaveLength(3);
    expect(json.find((r: { paperId: string }) => r.paperId === "muller24a")).toEqual({
      paperId: "muller24a",
      agreementId: signed.id,
      title: signed.articleTitle,
      status: "signed",
      signers: [{ name: "Jörg Müller", signedAt: "2026-05-02T10:00:00.000Z" }],
      signedAt: "2026-05-02T10:00:00.000Z",
      textSha256: signed.textSha256,
    });
    const csv = await exportVolumeMetadata(STAFF, { proceedingsId: volume.id, format: "signers.csv" });
    const records = parse(Buffer.from(csv.bytes), { bom: true, columns: true }) as Record<string, string>[];
    expect(records.find((r) => r.paper_id === "muller24a")).toMatchObject({
      status: "signed",
      signed_by: "Jörg Müller",
      signed_utc: "2026-05-02T10:00:00.000Z",
      text_sha256: signed.textSha256,
    });
    expect(records.find((r) => r.paper_id === "nguyen24b")).toMatchObject({ status: "sent", signed_by: "" });
    const events = await db.auditEvent.count({
      where: { type: "export.downloaded", data: { path: ["proceedingsId"], equals: volume.id } },
    });
    expect(events).toBe(2);
  });
});
