import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { staffActing } from "@/test/contexts";
import { sha256Hex } from "@/lib/crypto/hashing";
import { chainHash } from "@/lib/audit/canonical-event";
import { chainHead } from "@/lib/audit/chain-head";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sealAgreement } from "@/lib/agreements/seal-agreement";
import { AppError } from "@/lib/errors/app-error";
import { AUTHOR, issueTestAgreement } from "@/test/agreement-fixtures";
import { tamperWithAuditLog } from "@/test/database-as";
import { buildEvidencePack, downloadEvidencePack } from "./evidence-pack";

const STAFF = staffActing("auditor@example.org", { ip: "203.0.113.5", userAgent: "vitest browser" });
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

type PackEvent = {
  id: string;
  agreementId: string | null;
  type: string;
  actor: string;
  occurredAt: string;
  ip: string | null;
  userAgent: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
};

describe("an agreement's evidence pack", () => {
  it("holds the sealed PDF, the agreement, every event with hashes that recompute, and the chain's state", async () => {
    const { agreement, token } = await issueTestAgreement({ articleTitle: "Evidence Under Oath" });
    await issueTestAgreement({ articleTitle: "Someone Else's Paper" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    const sealed = await sealAgreement(agreement.id);

    const pack = await downloadEvidencePack(STAFF, { agreementId: agreement.id });
    expect(pack.fileName).toBe(`evidence-${agreement.id}.zip`);
    const files = unzipSync(pack.zip);
    expect(Object.keys(files).sort()).toEqual([
      "agreement-text.txt",
      "agreement.json",
      "chain-proof.json",
      "events.json",
      "signed-agreement.pdf",
    ]);

    expect(sha256Hex(files["signed-agreement.pdf"])).toBe(sealed.sha256);
    const summary = JSON.parse(text(files["agreement.json"]));
    expect(summary).toMatchObject({
      id: agreement.id,
      status: "signed",
      textSha256: agreement.textSha256,
      signedPdf: { sha256: sealed.sha256 },
      parties: { correspondingAuthor: { name: "Zhang Haoyang" }, signatureName: "Zhang Haoyang" },
    });
    expect(summary.dates.signedAt).toMatch(/Z$/);
    expect(sha256Hex(files["agreement-text.txt"])).toBe(agreement.textSha256);

    const events = JSON.parse(text(files["events.json"])) as PackEvent[];
    expect(events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["agreement.issued", "agreement.signed", "agreement.sealed"]),
    );
    expect(events.every((event) => event.agreementId === agreement.id)).toBe(true);
    for (const event of events) {
      const { agreementId, type, actor, ip, userAgent, data } = event;
      expect(
        chainHash(event.prevHash, {
          agreementId,
          type,
          actor,
          occurredAt: new Date(event.occurredAt),
          ip,
          userAgent,
          data,
        }),
      ).toBe(event.hash);
    }
    const signedEvent = events.find((event) => event.type === "agreement.signed")!;
    expect(signedEvent).toMatchObject({ ip: AUTHOR.ip, userAgent: AUTHOR.userAgent });

    const proof = JSON.parse(text(files["chain-proof.json"]));
    expect(proof.chainVerifiedNow).toBe(true);
    expect(proof.events).toEqual(events.map(({ id, prevHash, hash }) => ({ id, prevHash, hash })));
    expect(proof["how-to-verify"]).toContain("SHA-256");
    // The pack was made just before its own download was recorded, so that event is the head now.
    const download = await db.auditEvent.findFirstOrThrow({ where: { type: "evidence.downloaded" } });
    expect(download).toMatchObject({ agreementId: agreement.id, actor: STAFF.actor, ip: STAFF.ip });
    expect(download.prevHash).toBe(proof.chainHead);
    expect(await chainHead(db)).toBe(download.hash);
  });

  it("leaves the PDF out of an agreement not yet signed, and says so when the chain is broken", async () => {
    const { agreement } = await issueTestAgreement({ articleTitle: "Still Waiting" });
    const first = await db.auditEvent.findFirstOrThrow({
      where: { agreementId: agreement.id },
      orderBy: { id: "asc" },
    });
    // Playing an attacker with the owner's rights, who can switch the append-only trigger off.
    await tamperWithAuditLog(`UPDATE "AuditEvent" SET actor = 'forged' WHERE id = ${first.id}`);
    const files = unzipSync((await buildEvidencePack(agreement.id)).zip);
    expect(files["signed-agreement.pdf"]).toBeUndefined();
    const proof = JSON.parse(text(files["chain-proof.json"]));
    expect(proof.chainVerifiedNow).toBe(false);
    expect(proof.firstBreak.eventId).toBe(String(first.id));
  });

  it("refuses an unknown agreement", async () => {
    await expect(buildEvidencePack("no-such-agreement")).rejects.toBeInstanceOf(AppError);
  });
});
