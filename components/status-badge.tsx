import { STATUS_LABEL, type AgreementStatus } from "@/lib/agreements/agreement-states";

export function StatusBadge({ status }: { status: AgreementStatus }) {
  return <span className={`status status-${status}`}>{STATUS_LABEL[status]}</span>;
}
