import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AttentionList } from "@/components/desk/attention-list";
import { RecentActivity } from "@/components/desk/recent-activity";
import { SealCertificate } from "@/components/desk/seal-certificate";
import { VolumeDeadlineCard } from "@/components/desk/volume-deadline-card";
import { SealSummary } from "@/components/seal-summary";
import { countSealStates } from "@/lib/agreements/count-seal-states";
import { agreementListHref } from "@/lib/agreements/search/agreement-list-href";
import { parseAgreementQuery } from "@/lib/agreements/search/agreement-query";
import { currentStaff, requireStaffPage } from "@/lib/auth/require-staff";
import { ATTENTION_ITEMS, attentionHref } from "@/lib/desk/attention-items";
import { countAttention } from "@/lib/desk/count-attention";
import { DEADLINE_DAYS_PASSED, DEADLINE_WEEKS_AHEAD, listDeadlineVolumes } from "@/lib/desk/list-deadline-volumes";
import { listRecentActivity } from "@/lib/desk/list-recent-activity";
import { sealCertificateState } from "@/lib/desk/seal-certificate-state";

export const metadata: Metadata = { title: "Staff home" };

// The page staff open every morning: what needs attention, the volumes near their deadline, what
// happened lately and the seal's state.
export default async function StaffHomePage() {
  // A signed-out visit to /staff is someone arriving, not a refused request: no refusal is logged.
  if (!(await currentStaff())) redirect("/staff/sign-in");
  await requireStaffPage("agreements.view");
  const now = new Date();
  const [counts, volumes, activity, sealCounts, certificate] = await Promise.all([
    countAttention(now),
    listDeadlineVolumes(now),
    listRecentActivity({ take: 8 }),
    countSealStates(),
    sealCertificateState(now),
  ]);
  return (
    <div className="stack desk">
      <h1>Staff home</h1>
      <p>
        <Link href="/staff/agreements/new">Issue an agreement</Link> ·{" "}
        <Link href="/staff/agreements">All agreements</Link> · <Link href="/staff/proceedings">Volumes</Link>
      </p>
      <section className="card" aria-labelledby="attention-heading">
        <h2 id="attention-heading">Needs attention</h2>
        <AttentionList items={ATTENTION_ITEMS} counts={counts} hrefFor={attentionHref} />
      </section>
      <section aria-labelledby="deadlines-heading">
        <h2 id="deadlines-heading">Deadlines</h2>
        {volumes.length === 0 ? (
          <p className="card">
            No volume has a camera-ready deadline in the next {DEADLINE_WEEKS_AHEAD} weeks or the last{" "}
            {DEADLINE_DAYS_PASSED} days.
          </p>
        ) : (
          <div className="desk-volumes">
            {volumes.map((volume) => (
              <VolumeDeadlineCard key={volume.id} volume={volume} now={now} />
            ))}
          </div>
        )}
      </section>
      <div className="desk-columns">
        <section className="card" aria-labelledby="activity-heading">
          <h2 id="activity-heading">Recent activity</h2>
          <RecentActivity entries={activity} />
          <p>
            <Link href="/staff/activity">All staff activity</Link> · <Link href="/staff/audit">Audit log</Link>
          </p>
        </section>
        <section className="card" aria-labelledby="seal-heading">
          <h2 id="seal-heading">Seal</h2>
          <SealCertificate state={certificate} />
          <SealSummary counts={sealCounts} hrefFor={(flag) => agreementListHref(parseAgreementQuery({ flag }))} />
        </section>
      </div>
    </div>
  );
}
