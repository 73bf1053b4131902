import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { emailForDelivery } from "@/lib/mail/outbox";
import { sha256Hex } from "@/lib/crypto/hashing";
import { issueAgreementInput } from "./issue-agreement-input";
import { issueAgreement } from "./issue-agreement";
import { issueTestAgreement, SAMPLE_FIELDS } from "@/test/agreement-fixtures";
import { sqlAs } from "@/test/database-as";
import { STAFF } from "@/test/contexts";
import { storeTestTemplateVersion } from "@/test/template-fixtures";

describe("issuing an agreement", () => {
  it("freezes the filled-in template with its hash and template version", async () => {
    const { agreement } = await issueTestAgreement();
    expect(agreement.status).toBe("sent");
    expect(agreement.text).toContain(
      "Differentiable Dynamic Quantization with Mixed Precision and Adaptive resolution.",
    );
    expect(agreement.text).toContain("Zhang Haoyang.");
    expect(agreement.text).toContain("and PMLR, (“the publisher”).");
    expect(agreement.textSha256).toBe(sha256Hex(agreement.text));
    const version = await db.templateVersion.findUniqueOrThrow({ where: { id: agreement.templateVersionId } });
    expect(version).toMatchObject({ key: "pmlr-publication-agreement", version: 1 });
    expect(agreement.authors).toEqual(["Zhang Haoyang", "Zhang Zhongang"]);
  });

  it("issues on the newest version of the volume's own template, filling every placeholder", async () => {
    const volume = "Proceedings of the Template Workshop 2026";
    await storeTestTemplateVersion({ key: "workshop", body: "Old text for {{article_title}}" }, { volume });
    const newest = await storeTestTemplateVersion({
      key: "workshop",
      body: "Licence for {{article_title}} ({{paper_id}}) by {{authors}}, {{proceedings}}, {{year}}.",
    });
    const { agreement } = await issueTestAgreement({ proceedings: volume });
    expect(agreement.templateVersionId).toBe(newest.id);
    expect(agreement.text).toBe(
      `Licence for ${SAMPLE_FIELDS.articleTitle} () by Zhang Haoyang and Zhang Zhongang, ${volume}, ` +
        `${agreement.issuedAt.getUTCFullYear()}.`,
    );
    const other = await issueTestAgreement({ proceedings: "A volume with no template of its own" });
    expect(other.agreement.text).toContain("(“the publisher”)");
  });

  it("stores only the hash of the signing link, expiring in 30 days", async () => {
    const { agreement, token } = await issueTestAgreement();
    const link = await db.signingLink.findFirstOrThrow({ where: { agreementId: agreement.id } });
    expect(link.tokenHash).toBe(sha256Hex(token));
    expect(JSON.stringify(link)).not.toContain(token);
    const days = (link.expiresAt.getTime() - agreement.issuedAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
  });

  it("queues an invitation naming the article and proceedings, with the link and its expiry", async () => {
    const { email, token } = await issueTestAgreement();
    expect(email.status).toBe("queued");
    expect(email.to).toBe("haoyang@example.org");
    expect(email.subject).toContain("Differentiable Dynamic Quantization");
    const delivered = emailForDelivery(email);
    for (const part of [delivered.text, delivered.html]) {
      expect(part).toContain(`http://imprimatur.test:3000/sign/${token}`);
      expect(part).toContain("PMLR vol. 139, ICML 2021");
      expect(part).toMatch(/expires on \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    }
    const job = await db.$queryRaw<
      { n: bigint }[]
    >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`email:${email.id}`}`;
    expect(Number(job[0].n)).toBe(1);
  });

  it("shows typed HTML as text in the email", async () => {
    const { email } = await issueTestAgreement({ articleTitle: "<script>alert(1)</script> & <b>bold</b>" });
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;");
  });

  it("issues one agreement for one form, however often and however concurrently it is posted", async () => {
    const input = issueAgreementInput.parse(SAMPLE_FIELDS);
    const request = { ...input, idempotencyKey: "form-123" };
    const results = await Promise.all([1, 2, 3].map(() => issueAgreement(STAFF, request)));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(await db.agreement.count({ where: { idempotencyKey: "form-123" } })).toBe(1);
    expect(await db.emailMessage.count({ where: { agreementId: results[0].id } })).toBe(1);
  });

  it("leaves nothing behind when the database fails half-way", async () => {
    const before = {
      agreements: await db.agreement.count(),
      emails: await db.emailMessage.count(),
      links: await db.signingLink.count(),
    };
    // The outbox's job queue disappears: the last step of the transaction fails.
    await sqlAs("owner", `ALTER FUNCTION graphile_worker.add_job RENAME TO add_job_gone`);
    try {
      await expect(issueTestAgreement({ articleTitle: "Half-made" })).rejects.toThrow();
    } finally {
      await sqlAs("owner", `ALTER FUNCTION graphile_worker.add_job_gone RENAME TO add_job`);
    }
    expect({
      agreements: await db.agreement.count(),
      emails: await db.emailMessage.count(),
      links: await db.signingLink.count(),
    }).toEqual(before);
    expect(await db.agreement.count({ where: { articleTitle: "Half-made" } })).toBe(0);
  });
});
