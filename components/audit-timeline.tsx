import { eventLabel } from "@/lib/audit/event-labels";
import { formatUtc } from "@/lib/dates/format-utc";

type TimelineEvent = {
  id: bigint | string;
  type: string;
  actor: string;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  data: unknown;
};

function detail(event: TimelineEvent): string | null {
  const data = (event.data ?? {}) as Record<string, unknown>;
  if (event.type.startsWith("email."))
    return `${String(data.kind ?? "email").replace("_", " ")} to ${String(data.to ?? "")}${data.reason ? ` — ${String(data.reason)}` : ""}`;
  if (event.type === "agreement.signed") return `Typed signature: “${String(data.typedName ?? "")}”${answers(data)}`;
  if (event.type === "agreement.declined") return `Reason: ${String(data.reason ?? "")}`;
  if (event.type === "agreement.sealed") return `SHA-256 ${String(data.sha256 ?? "")}`;
  return null;
}

/** The author's answers a signature recorded, as "; choices: <label>, <label> — <detail>". */
function answers(data: Record<string, unknown>): string {
  if (!Array.isArray(data.choiceAnswers) || data.choiceAnswers.length === 0) return "";
  const labels = (data.choiceAnswers as { label?: unknown; detail?: unknown }[]).map(
    ({ label, detail }) => `${String(label ?? "")}${detail ? ` — ${String(detail)}` : ""}`,
  );
  return `; choices: ${labels.join(", ")}`;
}

export function AuditTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={String(event.id)}>
          <div>
            <strong>{eventLabel(event.type)}</strong>{" "}
            <span className="when">
              {formatUtc(event.occurredAt)} ({event.occurredAt.toISOString()})
            </span>
          </div>
          {detail(event) ? <div>{detail(event)}</div> : null}
          <div className="meta">
            by {event.actor}
            {event.ip ? ` · IP ${event.ip}` : ""}
            {event.userAgent ? ` · ${event.userAgent}` : ""}
          </div>
        </li>
      ))}
    </ol>
  );
}
