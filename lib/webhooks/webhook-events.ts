/**
 * The events an endpoint can subscribe to. Each is the audit event of the same name, so a delivery
 * is queued by the very statement that records the event (lib/audit/record-event.ts).
 */
export const WEBHOOK_EVENTS = {
  "agreement.issued": "An agreement was issued (the invitation is on its way)",
  "agreement.viewed": "The author opened the agreement",
  "agreement.signed": "The agreement was signed (sent at signature, before the seal)",
  "agreement.declined": "The author declined",
  "agreement.sealed": "The signed PDF was sealed and stored",
  "agreement.expired": "Every signing link expired unanswered",
  "agreement.voided": "Staff voided the agreement",
  "agreement.reissued": "Staff reissued the agreement as a new one",
  "email.failed": "An email to an author finally failed",
} as const;

export type WebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as WebhookEventType[];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return Object.hasOwn(WEBHOOK_EVENTS, value);
}
