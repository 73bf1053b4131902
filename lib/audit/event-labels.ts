import type { AuditEventType } from "./record-event";

// Keyed by the event union that recordEvent accepts: a new event type without a label does not compile.
export const EVENT_LABEL: Record<AuditEventType, string> = {
  "agreement.issued": "Issued",
  "email.queued": "Email queued",
  "email.sent": "Email sent",
  "email.failed": "Email failed",
  "agreement.viewed": "Opened by the author",
  "agreement.signed": "Signed",
  "signer.signed": "Signed by one of the authors",
  "agreement.declined": "Declined",
  "agreement.sealed": "Signed PDF sealed",
  "agreement.seal_failed": "Sealing failed",
  "agreement.seal_retried": "Sealing retried by staff",
  "document.timestamped": "Document timestamp added to the sealed PDF",
  "agreement.seal_waiting_for_timestamp": "Sealing waits for the timestamp authority",
  "agreement.sealed_without_timestamp": "Sealed without a timestamp (authority unavailable)",
  "pdf.downloaded": "Signed PDF downloaded",
  "agreement.invitation_resent": "Invitation sent again",
  "agreement.email_changed": "Corresponding author's email changed",
  "agreement.voided": "Voided",
  "agreement.reissued": "Reissued",
  "agreement.reminded": "Reminder sent",
  "agreement.expired": "Expired (no usable link left)",
  "agreement.published": "Marked published",
  "link.revoked": "Signing link revoked",
  "proceedings.created": "Volume created",
  "proceedings.updated": "Volume settings changed",
  "proceedings.deleted": "Volume deleted",
  "template.saved": "Agreement template saved",
  "templates.imported": "Agreement templates imported",
  "import.previewed": "CSV previewed",
  "import.issued": "CSV issued",
  "bundle.downloaded": "Permissions bundle downloaded",
  "export.downloaded": "Agreement list exported",
  "evidence.downloaded": "Evidence pack downloaded",
  "staff.signed_in": "Staff signed in",
  "staff.invited": "Staff member given access",
  "staff.role_changed": "Staff role changed",
  "staff.removed": "Staff access removed",
  "staff.refused": "Staff request refused",
  "api_token.created": "API token created",
  "api_token.revoked": "API token revoked",
  "api.read": "Read through the API",
};

/** The label for a stored event's type; a type this version does not know is shown as it is. */
export function eventLabel(type: string): string {
  return Object.hasOwn(EVENT_LABEL, type) ? EVENT_LABEL[type as AuditEventType] : type;
}
