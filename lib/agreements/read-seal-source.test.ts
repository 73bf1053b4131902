import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { chainPosition } from "@/lib/audit/chain-head";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { readSealSource } from "./read-seal-source";
import { signAgreement } from "./sign-agreement";

describe("what a seal reads, in one statement", () => {
  it("reads the agreement, its events and the chain's head as stored, whatever the server's time zone", async () => {
    const { agreement, token } = await issueTestAgreement({ proceedings: "PMLR vol. 300, Zoned" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const stored = await db.agreement.findUniqueOrThrow({
      where: { id: agreement.id },
      include: { proceedings: true, auditEvents: { orderBy: { id: "asc" } }, templateVersion: true },
    });
    const zone = process.env.TZ;
    // pg reads a bare timestamp in the process's zone: east of UTC, a seal read that way would print
    // a signing time hours off the one the author saw.
    process.env.TZ = "Asia/Tokyo";
    try {
      const source = (await readSealSource(agreement.id))!;
      expect(source.signedAt!.toISOString()).toBe(stored.signedAt!.toISOString());
      expect(source.issuedAt.toISOString()).toBe(stored.issuedAt.toISOString());
      expect(source).toMatchObject({
        status: "signed",
        signatureName: "Zhang Haoyang",
        textSha256: stored.textSha256,
        authors: stored.authors,
        proceedings: { name: "PMLR vol. 300, Zoned" },
        templateVersion: { notice: stored.templateVersion.notice },
        sealed: false,
        signers: [],
      });
      expect(source.auditEvents.map((event) => [event.type, event.occurredAt.toISOString(), event.ip])).toEqual(
        stored.auditEvents.map((event) => [event.type, event.occurredAt.toISOString(), event.ip]),
      );
      expect(source.head).toEqual(await chainPosition(db));
      expect(source.head!.eventCount).toBe(BigInt(await db.auditEvent.count()));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
    expect(await readSealSource("no-such-agreement")).toBeNull();
  });
});
