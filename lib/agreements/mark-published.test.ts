import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { isAppError } from "@/lib/errors/app-error";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { markPublished, publishedOnInput } from "./mark-published";
import { signAgreement } from "./sign-agreement";

const STAFF = staffActing("editor@example.org", { ip: "203.0.113.5", userAgent: "vitest" });

async function messageOf(promise: Promise<unknown>) {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return isAppError(error) ? error.userMessage : String(error);
  }
}

describe("marking an agreement published", () => {
  it("records the day on a signed agreement, with an audit event, and keeps the earlier day on a correction", async () => {
    const { agreement, token } = await issueTestAgreement();
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await markPublished(STAFF, { agreementId: agreement.id, publishedOn: publishedOnInput.parse("2026-07-18") });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).publishedAt?.toISOString()).toBe(
      "2026-07-18T00:00:00.000Z",
    );
    await markPublished(STAFF, { agreementId: agreement.id, publishedOn: new Date("2026-07-21T15:30:00Z") });
    expect((await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } })).publishedAt?.toISOString()).toBe(
      "2026-07-21T00:00:00.000Z",
    );
    const events = await db.auditEvent.findMany({
      where: { agreementId: agreement.id, type: "agreement.published" },
      orderBy: { id: "asc" },
    });
    expect(events.map((event) => event.data)).toEqual([
      { publishedOn: "2026-07-18" },
      { publishedOn: "2026-07-21", previously: "2026-07-18" },
    ]);
    expect(events[0]).toMatchObject({ actor: STAFF.actor, ip: STAFF.ip });
  });

  it("refuses an agreement that is not signed, an unknown one and a day in the future, in a sentence", async () => {
    const { agreement } = await issueTestAgreement();
    expect(
      await messageOf(markPublished(STAFF, { agreementId: agreement.id, publishedOn: new Date("2026-07-18") })),
    ).toBe("Only a signed agreement can be marked published.");
    expect(
      await messageOf(markPublished(STAFF, { agreementId: "no-such-id", publishedOn: new Date("2026-07-18") })),
    ).toBe("There is no such agreement.");
    const future = new Date(Date.now() + 5 * 86_400_000);
    expect(await messageOf(markPublished(STAFF, { agreementId: agreement.id, publishedOn: future }))).toBe(
      "The publication date cannot be in the future.",
    );
    expect(await db.auditEvent.count({ where: { agreementId: agreement.id, type: "agreement.published" } })).toBe(0);
    expect(publishedOnInput.safeParse("2026-02-30").success).toBe(false);
    expect(publishedOnInput.safeParse("yesterday").success).toBe(false);
  });
});
