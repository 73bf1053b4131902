export const EVENT_LABEL: Record<string, string> = {
  "agreement.issued": "Issued",
  "email.queued": "Email queued",
  "email.sent": "Email sent",
  "email.failed": "Email failed",
  "agreement.viewed": "Opened by the author",
  "agreement.signed": "Signed",
  "agreement.declined": "Declined",
  "agreement.sealed": "Signed PDF sealed",
  "agreement.seal_failed": "Sealing failed",
  "agreement.seal_retried": "Sealing retried by staff",
  "pdf.downloaded": "Signed PDF downloaded",
  "staff.signed_in": "Staff signed in",
};

export function eventLabel(type: string): string {
  return EVENT_LABEL[type] ?? type;
}
