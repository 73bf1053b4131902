import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
import { buildEvidencePack } from "@/lib/exports/evidence-pack";
import { exportAgreements } from "@/lib/exports/export-agreements";
import { buildPermissionsBundle } from "@/lib/proceedings/permissions-bundle";
import { verifyDocument } from "@/lib/verification/verify-document";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { choicesVolume, LICENCE_CLAUSE, NC_ANSWERS } from "@/test/choice-fixtures";
import { staffActing } from "@/test/contexts";
import { agreementListHref } from "./search/agreement-list-href";
import { parseAgreementQuery } from "./search/agreement-query";
import { listChoiceOptions } from "./search/list-choice-options";
import { searchAgreements } from "./search/search-agreements";
import { sealAgreement } from "./seal-agreement";
import { signAgreement } from "./sign-agreement";

const STAFF = staffActing("editor@example.org", { ip: "203.0.113.9", userAgent: "vitest browser" });
const FORMULA = '=HYPERLINK("http://evil.example","click")';

function pdfText(bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "choices-")), "agreement.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}
const csvRows = (bytes: Uint8Array) =>
  parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[];

// One volume on the choices template: two papers under CC BY-NC (one with a formula for a
// description), one under CC BY, one not yet signed; and a volume on PMLR's default, asking nothing.
let volume: string;
let volumeId: string;
let plainVolumeId: string;
const papers: Record<string, string> = {};
beforeAll(async () => {
  volume = await choicesVolume();
  const paper = async (paperId: string, choices?: Parameters<typeof signAgreement>[1]["choices"]) => {
    const { agreement, token } = await issueTestAgreement({ proceedings: volume, articleTitle: `Paper ${paperId}` });
    await db.agreement.update({ where: { id: agreement.id }, data: { paperId } });
    if (choices) {
      await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang", choices });
      await sealAgreement(agreement.id);
    }
    papers[paperId] = agreement.id;
    volumeId = agreement.proceedingsId;
  };
  await paper("NC1", NC_ANSWERS);
  await paper("BY1", {
    licence: { value: "cc-by-4.0" },
    work_status: { value: "crown" },
    third_party: { value: "none" },
  });
  await paper("NC2", { ...NC_ANSWERS, third_party: { value: "permission", detail: FORMULA } });
  await paper("OPEN");
  const plain = await issueTestAgreement({ proceedings: `Plain volume ${Date.now()}`, articleTitle: "Plain paper" });
  await signAgreement(AUTHOR, { token: plain.token, typedName: "Zhang Haoyang" });
  papers.PLAIN = plain.agreement.id;
  plainVolumeId = plain.agreement.proceedingsId;
}, 120_000);

describe("the author's choices, wherever the record goes", () => {
  it("the sealed PDF holds the chosen clause and not the others, and its certificate lists each answer", async () => {
    const stored = await db.agreement.findUniqueOrThrow({
      where: { id: papers.NC1 },
      include: { signedDocument: true },
    });
    const text = pdfText(new Uint8Array(stored.signedDocument!.pdf));
    const filled = (clause: string) =>
      clause.replace("{{publisher}}", stored.publisherName).replace("{{article_title}}", "Paper NC1");
    expect(text).toContain(filled(LICENCE_CLAUSE["cc-by-nc-4.0"]));
    expect(text).not.toContain("(CC BY 4.0)");
    expect(text).not.toContain("exclusive licence");
    expect(text).not.toContain("{{choice:");
    expect(text).toContain("Which material, and from whom: Figure 2, from Smith & Wesson (2019)");
    expect(text).toContain("The author's choices");
    expect(text).toContain("Under which licence will the article be published? CC BY-NC 4.0");
    expect(text).toContain("Is the work a government work? No");
    expect(text).toContain("Yes, with permission obtained — Figure 2, from Smith & Wesson (2019)");
    // The hash the PDF shows is the signed text's; the issued text's is named as such.
    expect(text).toContain(`Text SHA-256 ${stored.signedTextSha256}`);
    expect(text).toContain(`Issued text SHA-256 ${stored.textSha256}`);
    expect(await verifyDocument(new Uint8Array(stored.signedDocument!.pdf))).toMatchObject({
      verdict: "genuine",
      record: { agreementId: stored.id },
    });
  });

  it("the list's filter choice=<key>:<value> finds exactly the agreements with that answer, and keeps it in links", async () => {
    const ids = async (params: Record<string, string>) =>
      (await searchAgreements(parseAgreementQuery(params))).rows.map((row) => row.id).sort();
    expect(await ids({ choice: "licence:cc-by-nc-4.0" })).toEqual([papers.NC1, papers.NC2].sort());
    expect(await ids({ choice: "licence:cc-by-4.0", volume: volumeId })).toEqual([papers.BY1]);
    expect(await ids({ choice: "work_status:crown" })).toEqual([papers.BY1]);
    expect(await ids({ choice: "licence:exclusive" })).toEqual([]);
    expect(await ids({ choice: "licence:cc-by-4.0", status: "sent" })).toEqual([]);
    // Forged values are ignored like any other malformed filter.
    expect(parseAgreementQuery({ choice: "licence" }).choice).toBeUndefined();
    expect(parseAgreementQuery({ choice: `licence:x' OR 1=1` }).choice).toBeUndefined();
    const query = parseAgreementQuery({ choice: "licence:cc-by-nc-4.0", status: "signed" });
    expect(agreementListHref(query, { page: 2 })).toBe(
      "/staff/agreements?status=signed&choice=licence%3Acc-by-nc-4.0&page=2",
    );
    const options = await listChoiceOptions();
    expect(options).toContainEqual({
      key: "licence",
      question: "Under which licence will the article be published?",
      value: "cc-by-nc-4.0",
      label: "CC BY-NC 4.0",
    });
  });

  it("the CSV and JSON exports carry each answer's value, label and detail, formulas neutralised in CSV", async () => {
    const query = parseAgreementQuery({ volume: volumeId, sort: "paper", dir: "asc" });
    const csv = csvRows((await exportAgreements(STAFF, { query, format: "csv" })).bytes);
    expect(csv.map((row) => row.paper_id)).toEqual(["BY1", "NC1", "NC2", "OPEN"]);
    expect(Object.keys(csv[0]).slice(-10)).toEqual([
      "flags",
      "choice_licence_value",
      "choice_licence_label",
      "choice_licence_detail",
      "choice_work_status_value",
      "choice_work_status_label",
      "choice_work_status_detail",
      "choice_third_party_value",
      "choice_third_party_label",
      "choice_third_party_detail",
    ]);
    expect(csv[1]).toMatchObject({
      choice_licence_value: "cc-by-nc-4.0",
      choice_licence_label: "CC BY-NC 4.0",
      choice_third_party_value: "permission",
      choice_third_party_detail: "Figure 2, from Smith & Wesson (2019)",
    });
    expect(csv[2].choice_third_party_detail).toBe(`'${FORMULA}`);
    // The signed text's hash beside the issued text's: the one the sealed PDF shows.
    const nc1 = await db.agreement.findUniqueOrThrow({ where: { id: papers.NC1 } });
    expect(csv[1]).toMatchObject({ text_sha256: nc1.textSha256, signed_text_sha256: nc1.signedTextSha256 });
    expect(nc1.signedTextSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(csv[3].choice_licence_value).toBe("");
    const json = JSON.parse(
      new TextDecoder().decode((await exportAgreements(STAFF, { query, format: "json" })).bytes),
    ) as Record<string, unknown>[];
    expect(json[2]).toMatchObject({ choice_licence_value: "cc-by-nc-4.0", choice_third_party_detail: FORMULA });
    expect(json[3]).toMatchObject({ choice_licence_value: null, choice_licence_detail: null });
    expect(Object.keys(json[3])).toEqual(Object.keys(csv[0]));
  });

  it("an export of agreements that asked nothing has no choice columns", async () => {
    const query = parseAgreementQuery({ volume: plainVolumeId });
    const [header] = new TextDecoder()
      .decode((await exportAgreements(STAFF, { query, format: "csv" })).bytes)
      .replace(/^\uFEFF/, "")
      .split("\r\n");
    expect(header).toBe(
      "id,paper_id,title,corresponding_author,corresponding_email,authors,volume,volume_id,status,issued_utc," +
        "signed_utc,signature_name,published_utc,text_sha256,signed_text_sha256,signers,sealed_pdf_sha256,flags",
    );
  });

  it("the volume bundle's manifest carries each sealed paper's answers", async () => {
    const bundle = await buildPermissionsBundle(volumeId);
    const manifest = csvRows(unzipSync(bundle.zip)["manifest.csv"]);
    expect(manifest.map((row) => [row.paper_id, row.choice_licence_value, row.choice_work_status_label])).toEqual([
      ["BY1", "cc-by-4.0", "Crown copyright"],
      ["NC1", "cc-by-nc-4.0", "No"],
      ["NC2", "cc-by-nc-4.0", "No"],
    ]);
    expect(manifest[2].choice_third_party_detail).toBe(`'${FORMULA}`);
  });

  it("the evidence pack holds the answers and the signed text, whose SHA-256 is the one recorded", async () => {
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: papers.NC1 } });
    const files = unzipSync((await buildEvidencePack(papers.NC1)).zip);
    const summary = JSON.parse(new TextDecoder().decode(files["agreement.json"]));
    expect(summary).toMatchObject({
      textSha256: stored.textSha256,
      signedTextSha256: stored.signedTextSha256,
      choiceAnswers: stored.choiceAnswers,
    });
    expect(sha256Hex(files["signed-text.txt"])).toBe(stored.signedTextSha256);
    expect(sha256Hex(files["agreement-text.txt"])).toBe(stored.textSha256);
  });
});
