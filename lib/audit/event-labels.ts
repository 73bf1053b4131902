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
  "agreement.invitation_resent": "Invitation sent again",
  "agreement.email_changed": "Corresponding author's email changed",
  "agreement.voided": "Voided",
  "agreement.reissued": "Reissued",
  "agreement.reminded": "Reminder sent",
  "agreement.expired": "Expired (no usable link left)",
  "link.revoked": "Signing link revoked",
  "proceedings.created": "Volume created",
  "proceedings.updated": "Volume settings changed",
  "import.previewed": "CSV previewed",
  "import.issued": "CSV issued",
  "bundle.downloaded": "Permissions bundle downloaded",
  "staff.signed_in": "Staff signed in",
};

export function eventLabel(type: string): string {
  return EVENT_LABEL[type] ?? type;
}
