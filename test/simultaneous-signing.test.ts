import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { taskList } from "@/lib/worker/task-list";
import { openSigningPage, postSigningForm, type FormAnswer } from "../scripts/bench/sign-through-form";
import { issueTestAgreement } from "./agreement-fixtures";
import { startAppServer, type AppServer } from "./app-server";
import { ensureTestBuild } from "./next-build";
import { runQueuedJobs } from "./run-queued-jobs";

// Load through the real server: the production build behind scripts/web-server.ts, its server
// action posted as a browser without JavaScript posts it, on this file's PostgreSQL.

// The advisory lock every writer of the audit chain takes (lib/audit/record-event.ts).
const AUDIT_CHAIN_LOCK = 7_310_001;
const STACK_TRACE = /\n\s+at \S.*:\d+:\d+/;

let owner: pg.Client;
let server: AppServer | undefined;
beforeAll(async () => {
  // The production build, made now if sources changed, so that no test's own time goes to it.
  await ensureTestBuild();
  owner = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
  await owner.connect();
}, 300_000);
afterEach(async () => {
  await server?.stop();
  server = undefined;
});
afterAll(() => owner.end());

const signingUrl = (token: string) => `${server!.baseUrl}/sign/${token}`;

/** Seal jobs queued: their key is per agreement, and a second enqueue of a key would bump its revision. */
async function sealJobsQueued(): Promise<{ key: string; revision: number }[]> {
  const { rows } = await owner.query(
    `SELECT key, revision FROM graphile_worker.jobs WHERE task_identifier = 'seal_agreement'`,
  );
  return rows;
}

async function evidenceOf(agreementId: string) {
  const [signed, sealed, documents, copies] = await Promise.all([
    db.auditEvent.count({ where: { agreementId, type: "agreement.signed" } }),
    db.auditEvent.count({ where: { agreementId, type: "agreement.sealed" } }),
    db.signedDocument.count({ where: { agreementId } }),
    db.emailMessage.count({ where: { agreementId, kind: "signed_copy" } }),
  ]);
  return { signed, sealed, documents, copies };
}

/** What the author sees: the signed page (a redirect to it, or it rendered) or a sentence saying so. */
function outcomeOf({ status, location, body }: FormAnswer, token: string): string {
  if (status >= 500) return `HTTP ${status}`;
  if (STACK_TRACE.test(body)) return "stack trace";
  if (status === 303 && location?.endsWith(`/sign/${token}`)) return "redirected to the signed page";
  if (/already been signed/.test(body)) return "told it is already signed";
  if (/<strong>Signed\.<\/strong>/.test(body)) return "shown the signed page";
  const alert = /role="alert"[^>]*>([^<]*)</.exec(body)?.[1];
  return `HTTP ${status}: ${
    alert ??
    body
      .replace(/<[^>]+>/g, " ")
      .replace(/\s+/g, " ")
      .slice(0, 300)
  }`;
}

describe("20 simultaneous submissions of one signing form", () => {
  it("keep exactly one signature and seal it once; the others see the signed page or 'already signed'", async () => {
    server = await startAppServer();
    const { agreement, token } = await issueTestAgreement();
    const page = await openSigningPage(signingUrl(token));
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postSigningForm(signingUrl(token), "Zhang Haoyang", page)),
    );
    const outcomes = answers.map((answer) => outcomeOf(answer, token));
    const allowed = ["redirected to the signed page", "told it is already signed", "shown the signed page"];
    expect(outcomes.filter((outcome) => !allowed.includes(outcome))).toEqual([]);

    expect(await sealJobsQueued()).toEqual([{ key: `seal:${agreement.id}`, revision: 0 }]);
    await runQueuedJobs({ seal_agreement: taskList.seal_agreement });
    expect(await evidenceOf(agreement.id)).toEqual({ signed: 1, sealed: 1, documents: 1, copies: 1 });
    const stored = await db.agreement.findUniqueOrThrow({ where: { id: agreement.id } });
    expect(stored).toMatchObject({ status: "signed", sealStatus: "sealed", signatureName: "Zhang Haoyang" });
    expect(outcomeOf(await postSigningForm(signingUrl(token), "Zhang Haoyang", page), token)).not.toMatch(/HTTP|stack/);
  }, 60_000);
});

describe("50 authors signing 50 agreements at once", () => {
  it("all succeed and every agreement is sealed exactly once by the server's worker", async () => {
    const issued: Awaited<ReturnType<typeof issueTestAgreement>>[] = [];
    for (let i = 0; i < 50; i++)
      issued.push(await issueTestAgreement({ correspondingAuthorEmail: `author${i}@example.org` }));
    // Started after issuing: its worker sends the invitations and erases the links they carry.
    server = await startAppServer({ RUN_WORKER: "true" });
    const pages = await Promise.all(issued.map(({ token }) => openSigningPage(signingUrl(token))));
    // Another writer holds the audit chain for three seconds, as a volume being issued in batches
    // does: the first signers wait for it holding every pooled connection, and the rest must queue
    // for those connections rather than be told that something went wrong.
    const chainWriter = new pg.Client({ connectionString: process.env.TEST_OWNER_DATABASE_URL });
    await chainWriter.connect();
    await chainWriter.query(`BEGIN; SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
    const released = new Promise((resolve) => setTimeout(resolve, 3000)).then(() => chainWriter.query("COMMIT"));
    const answers = await Promise.all(
      issued.map(({ token }, i) => postSigningForm(signingUrl(token), "Zhang Haoyang", pages[i])),
    );
    await released;
    await chainWriter.end();
    expect(answers.map((answer, i) => outcomeOf(answer, issued[i].token))).toEqual(
      issued.map(() => "redirected to the signed page"),
    );

    const ids = issued.map(({ agreement }) => agreement.id);
    const deadline = Date.now() + 45_000;
    while ((await db.signedDocument.count({ where: { agreementId: { in: ids } } })) < ids.length) {
      if (Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const evidence = await Promise.all(ids.map(evidenceOf));
    expect(evidence).toEqual(ids.map(() => ({ signed: 1, sealed: 1, documents: 1, copies: 1 })));
    const unsealed = await db.agreement.count({ where: { id: { in: ids }, NOT: { sealStatus: "sealed" } } });
    expect(unsealed).toBe(0);
  }, 90_000);
});
