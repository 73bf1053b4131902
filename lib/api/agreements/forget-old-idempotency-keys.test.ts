import { describe, expect, it } from "vitest";
import { apiContext } from "@/lib/audit/audit-context";
import { db } from "@/lib/db/client";
import { apiTokenFor } from "@/test/api-fixtures";
import { createAgreementBody, IDEMPOTENCY_KEY_DAYS } from "./agreement-schemas";
import { createAgreementOnce } from "./create-agreement-once";
import { forgetOldIdempotencyKeys } from "./forget-old-idempotency-keys";

const body = (volume: string) => ({
  volume,
  title: "Sparse Attention Without Regret",
  authors: ["Ada Lovelace <ada@example.org>"],
  correspondingAuthor: { name: "Ada Lovelace", email: "ada@example.org" },
});

describe("forgetting old Idempotency-Keys", () => {
  it(`forgets keys older than ${IDEMPOTENCY_KEY_DAYS} days and keeps younger ones, which still replay`, async () => {
    const { token, user } = await apiTokenFor("publisher");
    const context = apiContext(
      { name: token.name, ownerId: user.id },
      { ip: "203.0.113.20", userAgent: "integration" },
    );
    const volume = `Idempotency retention ${process.pid}-${Date.now()}`;
    const create = (key: string) =>
      createAgreementOnce(context, createAgreementBody.parse(body(volume)), {
        tokenId: token.id,
        key,
        requestBody: body(volume),
      });
    const old = await create("old-key");
    const recent = await create("recent-key");
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    await db.apiIdempotencyKey.update({
      where: { tokenId_key: { tokenId: token.id, key: "old-key" } },
      data: { createdAt: daysAgo(IDEMPOTENCY_KEY_DAYS + 1) },
    });
    await db.apiIdempotencyKey.update({
      where: { tokenId_key: { tokenId: token.id, key: "recent-key" } },
      data: { createdAt: daysAgo(IDEMPOTENCY_KEY_DAYS - 1) },
    });

    expect(await forgetOldIdempotencyKeys(now)).toBeGreaterThanOrEqual(1);
    const kept = await db.apiIdempotencyKey.findMany({ where: { tokenId: token.id }, select: { key: true } });
    expect(kept.map(({ key }) => key)).toEqual(["recent-key"]);

    // The younger key still answers with its agreement; the forgotten one is free again.
    const replayed = await create("recent-key");
    expect(replayed).toMatchObject({ replayed: true, agreement: { id: recent.agreement.id } });
    const reused = await create("old-key");
    expect(reused.replayed).toBe(false);
    expect(reused.agreement.id).not.toBe(old.agreement.id);
  });
});
