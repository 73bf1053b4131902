import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { collectMatching } from "./collect-matching";
import { exportAgreements } from "./export-agreements";

const VOLUME = "PMLR vol. 301, Export Conference 2026";
const JSON_VOLUME = "PMLR vol. 302, Export Conference 2026";
const STAFF = staffActing("exporter@example.org", { ip: "203.0.113.9", userAgent: "vitest browser" });
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

async function arrange(volume: string) {
  const formula = await issueTestAgreement({ proceedings: volume, articleTitle: "=cmd|' /C calc'!A0" });
  // Typed by whoever filled in the conference system: the form would not stop it either.
  await db.agreement.update({ where: { id: formula.agreement.id }, data: { correspondingAuthorName: "@x" } });
  await issueTestAgreement({ proceedings: volume, articleTitle: "+1 is a title" });
  await issueTestAgreement({ proceedings: volume, articleTitle: "-2 degrees" });
  // Signed with another name: sealed, and flagged name_mismatch.
  const signed = await issueTestAgreement({ proceedings: volume, articleTitle: "Signed Under Another Name" });
  await signAgreement(AUTHOR, { token: signed.token, typedName: "Somebody Else" });
  const document = await sealAgreement(signed.agreement.id);
  await issueTestAgreement({ proceedings: "Another volume", articleTitle: "Not In This Export" });
  const volumeId = formula.agreement.proceedingsId;
  return { volumeId, signedId: signed.agreement.id, pdfSha256: document.sha256 };
}

describe("exporting the filtered agreement list", () => {
  it("writes every matching row to CSV with formulas neutralised, UTC times, SHA-256s and flags, and logs who exported", async () => {
    const { volumeId, signedId, pdfSha256 } = await arrange(VOLUME);
    const query = parseAgreementQuery(new URLSearchParams({ volume: volumeId, sort: "title", dir: "asc", page: "2" }));
    const csv = await exportAgreements(STAFF, { query, format: "csv", now: new Date("2026-11-26T10:00:00Z") });
    expect(csv.fileName).toBe("agreements-2026-11-26.csv");
    expect(csv.rows).toBe(4);
    const rows = parse(Buffer.from(csv.bytes), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.title)).toEqual([
      "'+1 is a title",
      "'-2 degrees",
      "'=cmd|' /C calc'!A0",
      "Signed Under Another Name",
    ]);
    expect(rows.find((row) => row.title.startsWith("'=cmd"))!.corresponding_author).toBe("'@x");
    for (const row of rows) {
      expect(row.issued_utc).toMatch(ISO_UTC);
      expect(row.text_sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(row.volume).toBe(VOLUME);
    }
    const signed = rows.find((row) => row.id === signedId)!;
    expect(signed.signed_utc).toMatch(ISO_UTC);
    expect(signed.sealed_pdf_sha256).toBe(pdfSha256);
    expect(signed.signature_name).toBe("Somebody Else");
    expect(signed.flags).toMatch(/^name_mismatch:Signed as “Somebody Else”, invited “Zhang Haoyang”$/);
    expect(
      rows.filter((row) => row.id !== signedId).every((row) => row.sealed_pdf_sha256 === "" && row.signed_utc === ""),
    ).toBe(true);

    const event = await db.auditEvent.findFirstOrThrow({
      where: { type: "export.downloaded" },
      orderBy: { id: "desc" },
    });
    expect(event).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip, userAgent: STAFF.userAgent, agreementId: null });
    expect(event.data).toEqual({ format: "csv", rows: 4, query: { volume: volumeId, sort: "title", dir: "asc" } });
  });

  it("writes the same rows to JSON, values as typed", async () => {
    const { volumeId } = await arrange(JSON_VOLUME);
    const query = parseAgreementQuery(new URLSearchParams({ volume: volumeId, sort: "title", dir: "asc" }));
    const csv = await exportAgreements(STAFF, { query, format: "csv" });
    const json = await exportAgreements(STAFF, { query, format: "json" });
    expect(json.fileName).toMatch(/^agreements-\d{4}-\d{2}-\d{2}\.json$/);
    expect(json.contentType).toContain("application/json");
    const records = JSON.parse(new TextDecoder().decode(json.bytes)) as Record<string, string | null>[];
    const csvRows = parse(Buffer.from(csv.bytes), { bom: true, columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(csvRows.length);
    expect(records.map((record) => record.title)).toEqual([
      "+1 is a title",
      "-2 degrees",
      "=cmd|' /C calc'!A0",
      "Signed Under Another Name",
    ]);
    records.forEach((record, i) => {
      expect(Object.keys(record)).toEqual(Object.keys(csvRows[i]));
      for (const [key, value] of Object.entries(record))
        expect(csvRows[i][key].replace(/^'(?=[=+\-@])/, "")).toBe(value ?? "");
    });
  });

  it("pages through every match, not just the page on screen", async () => {
    const volume = "Paged volume";
    for (let i = 0; i < 5; i++) await issueTestAgreement({ proceedings: volume, articleTitle: `Paper ${i}` });
    const { id } = await db.proceedings.findUniqueOrThrow({ where: { name: volume } });
    const rows = await collectMatching(parseAgreementQuery(new URLSearchParams({ volume: id })), 2);
    expect(new Set(rows.map((row) => row.articleTitle))).toEqual(
      new Set(["Paper 0", "Paper 1", "Paper 2", "Paper 3", "Paper 4"]),
    );
  });
});
