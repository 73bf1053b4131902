import { STATUS_LABEL } from "@/lib/agreements/agreement-states";
import type { AgreementStatus } from "@/lib/db/generated/enums";

export function StatusBadge({ status }: { status: AgreementStatus }) {
  return <span className={`status status-${status}`}>{STATUS_LABEL[status]}</span>;
}
