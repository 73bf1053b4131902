import type { Prisma } from "@/lib/db/generated/client";

// What each event adds from its audit data: named fields only, so a signing link, a token or
// anything else a future event records never reaches a receiver by accident.
const EVENT_FIELDS: Record<string, readonly string[]> = {
  "agreement.issued": ["textSha256", "template", "linkExpiresAt"],
  "agreement.signed": ["textSha256", "signedTextSha256"],
  "agreement.declined": ["reason"],
  "agreement.sealed": ["sha256", "sizeBytes", "timestampAuthority", "timestampAt"],
  "agreement.expired": ["lastLinkExpiresAt"],
  "agreement.voided": ["reason"],
  "agreement.reissued": ["supersededBy", "changed", "previousStatus"],
  "email.failed": ["emailId", "kind", "reason"],
};

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** What the body is made of: the audit event with its agreement, in one query with the delivery. */
export const WEBHOOK_EVENT_SELECT = {
  id: true,
  type: true,
  occurredAt: true,
  data: true,
  agreement: {
    select: {
      id: true,
      paperId: true,
      articleTitle: true,
      status: true,
      sealStatus: true,
      issuedAt: true,
      viewedAt: true,
      signedAt: true,
      declinedAt: true,
      voidedAt: true,
      supersedesId: true,
      proceedings: { select: { id: true, name: true, shortName: true } },
    },
  },
} satisfies Prisma.AuditEventSelect;

type WebhookEvent = Prisma.AuditEventGetPayload<{ select: typeof WEBHOOK_EVENT_SELECT }>;

/**
 * The body of a delivery, `{ type, timestamp, data }`: the event's time and ids, the agreement's
 * paper id, volume, status and times as they stand when it is first sent, and the event's own
 * fields above. Fixed at the first attempt, so every retry sends the same bytes.
 */
export function webhookBody(event: WebhookEvent): string {
  const recorded = (event.data ?? {}) as Record<string, unknown>;
  const fields = Object.fromEntries(
    (EVENT_FIELDS[event.type] ?? []).filter((key) => recorded[key] !== undefined).map((key) => [key, recorded[key]]),
  );
  const agreement = event.agreement;
  const data = {
    eventId: event.id.toString(),
    ...(agreement
      ? {
          agreementId: agreement.id,
          paperId: agreement.paperId,
          title: agreement.articleTitle,
          proceedings: agreement.proceedings,
          status: agreement.status,
          sealStatus: agreement.sealStatus,
          issuedAt: iso(agreement.issuedAt),
          viewedAt: iso(agreement.viewedAt),
          signedAt: iso(agreement.signedAt),
          declinedAt: iso(agreement.declinedAt),
          voidedAt: iso(agreement.voidedAt),
          supersedes: agreement.supersedesId,
        }
      : {}),
    ...fields,
  };
  return JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data });
}
