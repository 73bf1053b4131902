import { formatUtc } from "@/lib/dates/format-utc";

export type EmailDelivery = {
  status: "queued" | "sent" | "failed";
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
  nextAttemptAt: Date | null | undefined;
};

// Seconds matter here: the first retries come seconds apart.
const toTheSecond = (date: Date) => `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;

/**
 * Where an email stands, as staff need to know it: sent, failed and why, or still waiting — then
 * with the mail server's last answer and when the next try is due, so a relay that is down reads
 * as "waiting", not as lost.
 */
export function EmailStatus({ email }: { email: EmailDelivery }) {
  if (email.status === "sent") return <span>Sent{email.sentAt ? ` ${formatUtc(email.sentAt)}` : ""}</span>;
  if (email.status === "failed") return <strong className="field-error">Failed: {email.lastError}</strong>;
  return (
    <span>
      Waiting to send
      {email.lastError ? ` — last error: ${email.lastError}` : ""}
      {email.nextAttemptAt ? `; next attempt ${toTheSecond(email.nextAttemptAt)}` : ""}
    </span>
  );
}
