import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { taskList } from "@/lib/worker/task-list";
import { runQueuedJobs } from "@/test/run-queued-jobs";
import { staffActing } from "@/test/contexts";
import { getImport, previewImport, startIssuingImport } from "../bulk-import";

const STAFF = staffActing("imports@example.org", { ip: "203.0.113.5", userAgent: "vitest" });
const fixture = (name: string) => new Uint8Array(readFileSync(`test/fixtures/imports/${name}`));

async function importAndIssue(fileName: string) {
  const volume = await db.proceedings.create({ data: { name: `Conference ${Math.random()}`, linkExpiryDays: 14 } });
  const bytes = fixture(fileName);
  const { importId, preview } = await previewImport(STAFF, { proceedingsId: volume.id, fileName, bytes });
  await startIssuingImport(STAFF, { importId });
  await runQueuedJobs({ issue_import: taskList.issue_import });
  const agreements = await db.agreement.findMany({
    where: { proceedingsId: volume.id },
    orderBy: { paperId: "asc" },
    include: { emails: true },
  });
  return { importId, preview, agreements, volume };
}

describe("issuing a volume from a conference system's file", () => {
  it("issues the papers of a PMLR .bib with Unicode names, the entry without an email held back", async () => {
    const { importId, preview, agreements } = await importAndIssue("pmlr-volume.bib");
    expect(preview.problems.map((problem) => problem.line)).toEqual([34]);
    expect(await getImport(importId)).toMatchObject({ status: "done", issued: 2, skipped: 0 });
    expect(agreements.map((a) => [a.paperId, a.articleTitle, a.authors, a.correspondingAuthorEmail])).toEqual([
      [
        "muller24a",
        "Schönheit in Bayesian Optimisation: Fast & Robust",
        ["Jörg Müller", "José Cañón", "Zofia Łukasiewicz"],
        "joerg.mueller@example.de",
      ],
      [
        "nguyen24b",
        "Ångström-Scale Graphs for Erdős–Rényi Models",
        ["Thị Lan Nguyễn", "Pieter van der Berg", "Søren Østergaard"],
        "pieter@example.nl",
      ],
    ]);
    expect(agreements.every((a) => a.emails.length === 1 && a.emails[0].status === "queued")).toBe(true);
  });

  it("issues OpenReview's accepted notes with co-authors' emails from authorids", async () => {
    const { agreements } = await importAndIssue("openreview-accepted-v2.json");
    expect(agreements.map((a) => [a.paperId, a.correspondingAuthorEmail, a.authorEmails])).toEqual([
      ["1042", "soren@example.dk", ["", "soren@example.dk", "li.lei@example.cn"]],
      ["1077", "ana.nunez@example.es", ["ana.nunez@example.es"]],
    ]);
  });

  it("issues nothing new when the same .bib is uploaded again", async () => {
    const { volume } = await importAndIssue("pmlr-volume.bib");
    const bytes = fixture("pmlr-volume.bib");
    const again = await previewImport(STAFF, { proceedingsId: volume.id, fileName: "v260.bib", bytes });
    expect(again.preview.rows).toEqual([]);
    expect(again.preview.unchanged).toBe(2);
  });
});
