import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { taskList } from "@/lib/worker/task-list";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { REPLACED_REASON } from "@/lib/agreements/corrections/reissue-agreement";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { staffActing } from "@/test/contexts";
import { getImport, previewImport, startIssuingImport } from "./bulk-import";

const STAFF = staffActing("editor@example.org");
const HEADER = "paper_id,title,corresponding_author,corresponding_email,authors";
type Paper = { id: string; title: string; authors?: string };
const csv = (papers: Paper[]) =>
  new TextEncoder().encode(
    [
      HEADER,
      ...papers.map(
        (p) => `${p.id},"${p.title}",Ada Lovelace,ada-${p.id}@example.org,"${p.authors ?? "Ada Lovelace"}"`,
      ),
    ].join("\n"),
  );
const ORIGINAL: Paper[] = [
  { id: "p1", title: "Paper One" },
  { id: "p2", title: "Paper Two" },
  { id: "p3", title: "Paper Three" },
  { id: "p4", title: "Paper Four" },
];

async function importAndIssue(proceedingsId: string, papers: Paper[]) {
  const { importId, preview } = await previewImport(STAFF, {
    proceedingsId,
    fileName: "papers.csv",
    bytes: csv(papers),
  });
  await startIssuingImport(STAFF, { importId });
  await runQueuedJobs({ issue_import: taskList.issue_import });
  return { importId, preview, record: await getImport(importId) };
}

const current = (proceedingsId: string, paperId: string) =>
  db.agreement.findUniqueOrThrow({
    where: { proceedingsId_paperId: { proceedingsId, paperId } },
    include: { emails: true, signingLinks: true },
  });

async function volumeWithPapers() {
  const volume = await db.proceedings.create({ data: { name: `Re-import ${Math.random()}`, linkExpiryDays: 14 } });
  await importAndIssue(volume.id, ORIGINAL);
  // Paper 3's author has already signed.
  await db.agreement.update({
    where: { proceedingsId_paperId: { proceedingsId: volume.id, paperId: "p3" } },
    data: { status: "signed", signedAt: new Date(), signatureName: "Ada Lovelace" },
  });
  return volume;
}

describe("re-importing a volume's CSV after papers changed", () => {
  it("marks changed papers in the preview and reissues exactly those, telling each author why", async () => {
    const volume = await volumeWithPapers();
    const before = { p1: await current(volume.id, "p1"), p3: await current(volume.id, "p3") };
    const changed: Paper[] = [
      { id: "p1", title: "Paper One, Revised" },
      { id: "p2", title: "Paper Two" },
      { id: "p3", title: "Paper Three", authors: "Ada Lovelace; Mary Somerville" },
      { id: "p4", title: "Paper Four" },
    ];
    const { preview, record } = await importAndIssue(volume.id, changed);
    expect(preview.problems).toEqual([]);
    expect(preview.unchanged).toBe(2);
    expect(preview.rows.map((row) => [row.paperId, row.supersedes?.status, row.supersedes?.changes])).toEqual([
      ["p1", "sent", [{ field: "title", from: "Paper One", to: "Paper One, Revised" }]],
      ["p3", "signed", [{ field: "authors", from: "Ada Lovelace", to: "Ada Lovelace; Mary Somerville" }]],
    ]);
    expect(record).toMatchObject({ status: "done", issued: 2, reissued: 2, skipped: 0 });
    expect(await db.agreement.count({ where: { proceedingsId: volume.id } })).toBe(6);

    const p1 = await current(volume.id, "p1");
    expect(p1).toMatchObject({ supersedesId: before.p1.id, articleTitle: "Paper One, Revised", status: "sent" });
    expect(p1.text).toContain("Paper One, Revised");
    expect(p1.emails[0].text).toContain(
      "This agreement replaces the one sent to you earlier for this paper. " +
        "The paper's title changed from “Paper One” to “Paper One, Revised”.",
    );
    const oldP1 = await db.agreement.findUniqueOrThrow({
      where: { id: before.p1.id },
      include: { signingLinks: true },
    });
    expect(oldP1).toMatchObject({ status: "voided", voidReason: REPLACED_REASON, paperId: null, superseded: true });
    const seconds = (date: Date | null) => Math.abs((date?.getTime() ?? 0) - Date.now()) / 1000;
    expect(seconds(oldP1.voidedAt)).toBeLessThan(60);
    expect(oldP1.signingLinks.every((link) => seconds(link.revokedAt) < 60)).toBe(true);

    const p3 = await current(volume.id, "p3");
    expect(p3).toMatchObject({ supersedesId: before.p3.id, authors: ["Ada Lovelace", "Mary Somerville"] });
    expect(p3.emails[0].text).toContain(
      "The paper's author list changed from “Ada Lovelace” to “Ada Lovelace; Mary Somerville”.",
    );
    const oldP3 = await db.agreement.findUniqueOrThrow({ where: { id: before.p3.id } });
    expect(oldP3).toMatchObject({ status: "signed", paperId: null, superseded: true });

    const reissued = await db.auditEvent.findMany({
      where: { type: "agreement.reissued", agreementId: { in: [before.p1.id, before.p3.id] } },
      orderBy: { id: "asc" },
    });
    expect(reissued.map((event) => event.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ supersededBy: p1.id, changed: ["title"], previousStatus: "sent" }),
        expect.objectContaining({ supersededBy: p3.id, changed: ["authors"], previousStatus: "signed" }),
      ]),
    );
    // Unchanged papers keep their agreement and get no email.
    expect((await current(volume.id, "p2")).supersedesId).toBeNull();
    expect((await current(volume.id, "p2")).emails).toHaveLength(1);
    expect((await verifyAuditChain()).intact).toBe(true);

    // The same file again: nothing left to issue.
    const again = await importAndIssue(volume.id, changed);
    expect(again.preview.rows).toEqual([]);
    expect(again.preview.unchanged).toBe(4);
    expect(again.record).toMatchObject({ status: "previewed", issued: 0 });
    expect(await db.agreement.count({ where: { proceedingsId: volume.id } })).toBe(6);
  });

  it("skips a paper whose agreement staff voided between the preview and issuing", async () => {
    const volume = await volumeWithPapers();
    const p1 = await current(volume.id, "p1");
    const { importId, preview } = await previewImport(STAFF, {
      proceedingsId: volume.id,
      fileName: "papers.csv",
      bytes: csv([
        { id: "p1", title: "Withdrawn Meanwhile" },
        { id: "p2", title: "Paper Two, Renamed" },
      ]),
    });
    expect(preview.rows.map((row) => row.paperId)).toEqual(["p1", "p2"]);
    await voidAgreement(STAFF, { agreementId: p1.id, reason: "Paper withdrawn" });
    await startIssuingImport(STAFF, { importId });
    await runQueuedJobs({ issue_import: taskList.issue_import });
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 1, reissued: 1, skipped: 1 });
    expect(await current(volume.id, "p1")).toMatchObject({
      id: p1.id,
      status: "voided",
      voidReason: "Paper withdrawn",
    });
    expect(await current(volume.id, "p2")).toMatchObject({ articleTitle: "Paper Two, Renamed" });
  });
});
