import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { sessionTokenHash } from "@/lib/auth/staff-session-adapter";
import { db } from "@/lib/db/client";
import { formatUtc } from "@/lib/dates/format-utc";
import { taskList } from "@/lib/worker/task-list";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { request, startAppServer, type AppServer } from "./app-server";
import { runQueuedJobs } from "./run-queued-jobs";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";
import { startTestTimestampAuthority, type TestTimestampAuthority } from "./timestamp-authority";

// What staff read about seals and their timestamps, from the production server, for agreements
// sealed here (by this process's worker) with the authority up, down, gone past the grace, or unset.

let app: AppServer;
let tsa: TestTimestampAuthority;
let sink: SmtpSink;
let cookie: string;
const ids = {} as Record<"timestamped" | "ownClock" | "waiting" | "withoutTimestamp", string>;

async function signedAgreement(email: string) {
  const { agreement, token } = await issueTestAgreement({ correspondingAuthorEmail: email });
  await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
  return agreement.id;
}

beforeAll(async () => {
  [tsa, sink] = await Promise.all([startTestTimestampAuthority(), startSmtpSink()]);
  process.env.SMTP_URL = sink.url;
  const server = startAppServer(tsa.env());
  Object.assign(process.env, tsa.env(), { TSA_TIMEOUT_SECONDS: "1" });
  const work = () => runQueuedJobs(taskList);

  ids.timestamped = await signedAgreement("timestamped@example.org");
  await work();
  tsa.behave("down");
  ids.waiting = await signedAgreement("waiting@example.org");
  ids.withoutTimestamp = await signedAgreement("without@example.org");
  await work();
  // The authority has been gone for longer than TSA_GRACE_MINUTES (60) for one of them.
  await db.agreement.update({
    where: { id: ids.withoutTimestamp },
    data: { sealWaitingSince: new Date(Date.now() - 61 * 60_000) },
  });
  await db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${`seal:${ids.withoutTimestamp}`}`;
  await work();
  delete process.env.TSA_URL;
  ids.ownClock = await signedAgreement("own-clock@example.org");
  await work();

  const user = await db.user.create({ data: { email: "seal-reader@example.org", role: "publisher" } });
  const sessionToken = randomBytes(32).toString("hex");
  await db.session.create({
    data: { sessionToken: sessionTokenHash(sessionToken), userId: user.id, expires: new Date(Date.now() + 3600_000) },
  });
  cookie = `next-auth.session-token=${sessionToken}`;
  app = await server;
}, 420_000);
afterAll(async () => {
  await app?.stop();
  await tsa?.stop();
  await sink?.close();
});

/** The page as a person reads it: no tags, no React markers, entities decoded, spaces collapsed. */
async function read(path: string): Promise<{ status: number; text: string; html: string }> {
  const answer = await request(app.port, { path, headers: { Cookie: cookie } });
  const text = answer.body
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
  return { status: answer.status, text, html: answer.body };
}

describe("the staff agreement page says how each seal's time is vouched for", () => {
  it("names the authority and its time for a timestamped seal", async () => {
    const document = await db.signedDocument.findUniqueOrThrow({ where: { agreementId: ids.timestamped } });
    const { status, text } = await read(`/staff/agreements/${ids.timestamped}`);
    expect(status).toBe(200);
    expect(text).toContain(
      `Sealed — timestamp by Imprimatur Test Timestamp Authority at ${formatUtc(document.timestampAt!)}`,
    );
  });

  it("says the time is the server's own when no authority was configured", async () => {
    const { text } = await read(`/staff/agreements/${ids.ownClock}`);
    expect(text).toContain("Sealed — the time is this server's own (no timestamp authority configured)");
  });

  it("shows a seal waiting for the authority, since when and why", async () => {
    const { sealWaitingSince } = await db.agreement.findUniqueOrThrow({ where: { id: ids.waiting } });
    const { text } = await read(`/staff/agreements/${ids.waiting}`);
    expect(text).toMatch(
      new RegExp(
        `Signed — sealing, waiting for the timestamp authority since ${formatUtc(sealWaitingSince!)} ` +
          `\\(The timestamp authority at ${tsa.url.replace(/[.]/g, "\\.")} could not be reached`,
      ),
    );
  });

  it("shows a seal made without a timestamp, how long the authority was gone, and that it will be re-timestamped", async () => {
    const { text } = await read(`/staff/agreements/${ids.withoutTimestamp}`);
    expect(text).toContain(
      "Sealed without a timestamp — the authority was unavailable for 61 min; it will be re-timestamped",
    );
    expect(text).toContain("Sealed without a timestamp (authority unavailable)");
  });
});

describe("the staff home", () => {
  it("says which authority timestamps the seals and counts those waiting or without, linking to the list", async () => {
    const { text, html } = await read("/staff/agreements");
    expect(text).toContain(`Seals are timestamped by the timestamp authority ${new URL(tsa.url).host} (TSA_URL).`);
    expect(text).toContain("1 seal waiting for the timestamp authority");
    expect(text).toContain("1 seal made without a timestamp");
    expect(html).toContain('href="/staff/agreements?flag=seal_waiting_for_timestamp"');
    expect(html).toContain('href="/staff/agreements?flag=sealed_without_timestamp"');
  });

  it("lists exactly the waiting seals, and exactly those sealed without a timestamp, under their filters", async () => {
    const waiting = await read("/staff/agreements?flag=seal_waiting_for_timestamp");
    expect(waiting.text).toContain("1 agreement matches");
    expect(waiting.html).toContain(`/staff/agreements/${ids.waiting}`);
    expect(waiting.text).toContain("Sealing waits for the timestamp authority since");
    const without = await read("/staff/agreements?flag=sealed_without_timestamp");
    expect(without.text).toContain("1 agreement matches");
    expect(without.html).toContain(`/staff/agreements/${ids.withoutTimestamp}`);
    expect(without.html).not.toContain(`/staff/agreements/${ids.timestamped}"`);
  });
});
