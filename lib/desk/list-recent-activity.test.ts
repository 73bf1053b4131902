import { describe, expect, it } from "vitest";
import { voidAgreement } from "@/lib/agreements/corrections/void-agreement";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, STAFF, issueTestAgreement } from "@/test/agreement-fixtures";
import { listRecentActivity } from "./list-recent-activity";

describe("recent activity on the staff home", () => {
  it("lists the last staff and author events, newest first, each with its agreement, and not the system's", async () => {
    const signed = await issueTestAgreement({ articleTitle: "Signed by its author" });
    await signAgreement(AUTHOR, { token: signed.token, typedName: "Zhang Haoyang" });
    const voided = await issueTestAgreement({ articleTitle: "Voided by staff" });
    await voidAgreement(STAFF, { agreementId: voided.agreement.id, reason: "Withdrawn by the authors." });

    // Issuing here runs as the system, which also queues the emails: those are not listed.
    const entries = await listRecentActivity({ take: 10 });
    expect(entries.map((e) => [e.by, e.label, e.agreement.articleTitle])).toEqual([
      ["staff", "Voided", "Voided by staff"],
      ["author", "Signed", "Signed by its author"],
    ]);
    expect(entries[0]).toMatchObject({ actor: "alice@example.org", agreement: { id: voided.agreement.id } });
  });
});
