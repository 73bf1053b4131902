import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { issueTestAgreement } from "@/test/agreement-fixtures";

async function auditVerify(): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)("node_modules/.bin/tsx", ["--conditions=react-server", "scripts/audit-verify.ts"], { env: process.env });
    return { code: 0, stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, stdout: failure.stdout };
  }
}

describe("npm run audit:verify", () => {
  it("says intact with exit 0, and names the broken event with exit 1", async () => {
    await issueTestAgreement();
    const intact = await auditVerify();
    expect(intact).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Audit chain intact: \d+ events, head [0-9a-f]{64}\./) });

    const victim = await db.auditEvent.findFirstOrThrow({ where: { type: "agreement.issued" }, orderBy: { id: "desc" } });
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only_rows"`);
    await db.$executeRawUnsafe(`UPDATE "AuditEvent" SET actor = 'staff:someone-else' WHERE id = ${victim.id}`);
    await db.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only_rows"`);
    const broken = await auditVerify();
    expect(broken.stdout).toContain("BROKEN");
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`Audit chain BROKEN at event #${victim.id} (agreement.issued`);
  });
});
