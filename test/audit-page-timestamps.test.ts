import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointAuditChainIfDue } from "@/lib/audit/checkpoint-audit-chain";
import { db } from "@/lib/db/client";
import { formatUtc } from "@/lib/dates/format-utc";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { taskList } from "@/lib/worker/task-list";
import { issueTestAgreement } from "./agreement-fixtures";
import { request, startAppServer, type AppServer } from "./app-server";
import { emptyAuditLog } from "./database-as";
import { runQueuedJobs } from "./run-queued-jobs";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "./timestamp-authority";
import { staffSessionCookie } from "./staff-session-cookie";

let tsa: TestTimestampAuthority;
let app: AppServer;
beforeAll(async () => {
  tsa = await startTestTimestampAuthority();
  // The web server and this process share the settings, as the app's instances do.
  Object.assign(process.env, tsa.env(), { TSA_TIMEOUT_SECONDS: "1", AUDIT_CHECKPOINT_EVENTS: "1000" });
  await emptyAuditLog();
  app = await startAppServer();
}, 240_000);
afterAll(async () => {
  await app?.stop();
  await tsa?.stop();
});

async function auditPageText() {
  const page = await request(app.port, {
    path: "/staff/audit",
    headers: { Cookie: await staffSessionCookie("auditor") },
  });
  expect(page.status).toBe(200);
  // The text a reader sees: React's separators and the tags removed, entities as characters.
  return page.body
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"');
}

describe("the staff audit page", () => {
  it("shows the newest timestamped checkpoint's authority, time and event, and which checkpoints lack one", async () => {
    await issueTestAgreement();
    await db.$transaction((tx) => enqueueJob(tx, "checkpoint_audit_chain", {}));
    await runQueuedJobs({ checkpoint_audit_chain: taskList.checkpoint_audit_chain });
    const timestamped = await db.auditCheckpoint.findFirstOrThrow({ include: { timestamp: true } });
    expect(timestamped.timestamp).not.toBeNull();

    // The authority goes down; an hour on, the next checkpoint is written without a token.
    tsa.behave("down");
    await issueTestAgreement({ articleTitle: "A Later Paper" });
    const untimestamped = await checkpointAuditChainIfDue(new Date(Date.now() + 61 * 60_000));
    expect(untimestamped).not.toBeNull();

    const text = await auditPageText();
    expect(text).toContain("Intact.");
    expect(text).toContain(
      `Newest timestamped checkpoint: the log up to event #${timestamped.eventId} existed by ${formatUtc(timestamped.timestamp!.time)}, says the timestamp authority Imprimatur Test Timestamp Authority (checkpoint #${timestamped.id}). 1 of 2 signed checkpoints are timestamped.`,
    );
    expect(text).toContain(
      `One checkpoint has no timestamp (the authority was unavailable, or they predate TSA_URL): #${untimestamped!.id} of ${formatUtc(untimestamped!.createdAt)}.`,
    );
  });
});
