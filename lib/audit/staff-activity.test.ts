import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { staffAddressContext, SYSTEM_CONTEXT } from "./audit-context";
import { recordEvent } from "./record-event";

const NO_ORIGIN = { ip: null, userAgent: null };
import { staffActivity } from "./staff-activity";

describe("the staff activity page", () => {
  it("lists what staff did, newest first with a link to the agreement, and not what authors did", async () => {
    const { agreement, token } = await issueTestAgreement({ articleTitle: "Watched Closely" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const staff = staffAddressContext("editor@example.org", { ip: "203.0.113.7", userAgent: "Firefox (staff)" });
    await db.$transaction((tx) => recordEvent(tx, staff, { agreementId: agreement.id, type: "agreement.reminded" }));
    await db.$transaction((tx) => recordEvent(tx, SYSTEM_CONTEXT, { type: "export.downloaded", data: { rows: 1 } }));

    const { entries, nextCursor } = await staffActivity();
    expect(nextCursor).toBeNull();
    expect(entries.map((entry) => entry.type)).toEqual(["export.downloaded", "agreement.reminded"]);
    expect(entries[1]).toMatchObject({
      actor: staff.actor,
      ip: staff.ip,
      userAgent: staff.userAgent,
      label: "Reminder sent",
      agreement: { id: agreement.id, articleTitle: "Watched Closely" },
    });
    expect(entries[0].agreement).toBeNull();
    expect(entries.some((entry) => entry.actor.startsWith("author:") || entry.type === "agreement.signed")).toBe(false);
  });

  it("pages backwards through older actions by cursor", async () => {
    for (let i = 0; i < 5; i++)
      await db.$transaction((tx) =>
        recordEvent(tx, staffAddressContext(`person${i}@example.org`, NO_ORIGIN), { type: "staff.signed_in" }),
      );
    const first = await staffActivity({ pageSize: 2 });
    const second = await staffActivity({ pageSize: 2, before: BigInt(first.nextCursor!) });
    const third = await staffActivity({ pageSize: 2, before: BigInt(second.nextCursor!) });
    const seen = [...first.entries, ...second.entries, ...third.entries].map((entry) => entry.actor);
    expect(seen.slice(0, 5)).toEqual([4, 3, 2, 1, 0].map((i) => `staff:person${i}@example.org`));
    expect(new Set(seen.map((actor, i) => `${actor}#${i}`)).size).toBe(6);
  });
});
