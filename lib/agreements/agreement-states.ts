import { AgreementStatus } from "@/lib/db/generated/enums";

// Pages and components take the status vocabulary from here, not from the database client.
export { AgreementStatus };
export const AGREEMENT_STATUSES = Object.values(AgreementStatus);

// The agreement's life: sent → viewed → signed | declined | voided | expired.
// Every transition is a conditional update on these sets, so a retried or racing request
// changes nothing twice.
export const OPEN_FOR_SIGNING: AgreementStatus[] = ["sent", "viewed"];

export const STATUS_LABEL: Record<AgreementStatus, string> = {
  sent: "Sent",
  viewed: "Viewed",
  signed: "Signed",
  declined: "Declined",
  voided: "Voided",
  expired: "Expired",
};
