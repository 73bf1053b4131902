import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { simpleParser } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { inspectPdfSignature } from "@/lib/signing/inspect-pdf-signature";
import { signThroughForm } from "@/scripts/bench/sign-through-form";
import { request, decodeHtml } from "./app-server";
import { freePort } from "./free-port";
import { ensureTestBuild } from "./next-build";
import { staffSessionCookie } from "./staff-session-cookie";

// A deployment in miniature on this file's database: two web instances (`npm run web`: the real
// front door, no worker) and two workers (`npm run worker`: scripts/worker.ts, no HTTP), one SMTP
// relay (a sink that records when each message arrived). Each instance has a DATA_DIR of its own,
// as separate machines would: nothing they must agree on may live there.
const SECRET = "many-instances-shared-secret";
const SMTP_MAX_PER_SECOND = 2;
const AGREEMENTS = 8;
// More than one fetch of a worker's email pool takes (16 jobs): the first pool to fetch after its
// refetch delay (lib/worker/start-worker.ts) may otherwise take the whole volley, and the shared
// rate would be kept by one worker alone, proving nothing.
const VOLLEY = 24;

type Instance = { name: string; process: ChildProcess; dataDir: string; output: string[] };
const instances: Instance[] = [];
let webA: string;
let webB: string;
let smtp: Relay;
let admin: pg.Client;
let workersUpAt = 0;

type Mail = { at: number; to: string; subject: string; text: string; pdf?: Buffer };
type Relay = { url: string; mails: Mail[]; close: () => Promise<void> };

/**
 * The SMTP relay: a real SMTP server noting when each message was handed to it (its MAIL FROM,
 * the moment a worker began to send) and for whom, so the sending rate can be read off it.
 */
async function startRelay(): Promise<Relay> {
  const mails: Mail[] = [];
  const startedAt = new Map<string, number>();
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onMailFrom(_address, session, callback) {
      startedAt.set(session.id, Date.now());
      callback();
    },
    onData(stream, session, callback) {
      const at = startedAt.get(session.id)!;
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(", ");
      simpleParser(stream)
        .then((mail) => {
          const pdf = mail.attachments.find((attachment) => attachment.contentType === "application/pdf")?.content;
          mails.push({ at, to, subject: mail.subject ?? "", text: mail.text ?? "", pdf });
        })
        .then(() => callback(), callback);
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function instanceDataDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "imprimatur-instance-"));
  await chmod(dir, 0o755);
  return dir;
}

function track(name: string, child: ChildProcess, dataDir: string): Instance {
  const instance: Instance = { name, process: child, dataDir, output: [] };
  child.stdout?.on("data", (chunk: Buffer) => instance.output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => instance.output.push(chunk.toString()));
  instances.push(instance);
  return instance;
}

async function startWeb(name: string, appUrl: string, port: number) {
  const dataDir = await instanceDataDir();
  // What `npm run web` runs: node with tsx's loader, not tsx's CLI. The CLI is a process of its own
  // that relays a SIGTERM to the script and SIGKILLs it unless it answers within 30 ms, which a
  // busy machine missed: the start script died without stopping its web server, left running.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts", "web"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: appUrl,
      NEXTAUTH_SECRET: SECRET,
      DATA_DIR: dataDir,
      SMTP_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance = track(name, child, dataDir);
  await waitFor(
    () => instance.output.join("").includes("Imprimatur web instance is running"),
    90_000,
    () => `${name} did not start: ${instance.output.join("")}`,
  );
  return `http://127.0.0.1:${port}`;
}

async function startWorker(name: string, appUrl: string) {
  const dataDir = await instanceDataDir();
  // What `npm run worker` runs (its malloc tuning aside), through tsx's loader as startWeb says.
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    env: {
      ...process.env,
      APP_URL: appUrl,
      NEXTAUTH_SECRET: SECRET,
      SMTP_URL: smtp.url,
      SMTP_MAX_PER_SECOND: String(SMTP_MAX_PER_SECOND),
      DATA_DIR: dataDir,
      WORKER_CONCURRENCY: "4",
      // Four sends at a time: a pool that has fetched a batch works it off at the shared rate for
      // seconds before it fetches again, while the other worker's pool fetches what is left.
      EMAIL_CONCURRENCY: "4",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const instance = track(name, child, dataDir);
  await waitFor(
    () => instance.output.join("").includes("Imprimatur worker started"),
    60_000,
    () => `${name} did not start: ${instance.output.join("")}`,
  );
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, failure: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  await ensureTestBuild();
  // Which worker took which job, and every job the crontab made: a trigger on the queue's own
  // table, installed by the superuser (the instances' role could not, and does not know of it).
  admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  await admin.query(`
    CREATE TABLE public.job_trace (task text, event text, locked_by text, run_at timestamptz, payload json);
    CREATE FUNCTION public.trace_job() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
    BEGIN
      INSERT INTO public.job_trace SELECT t.identifier, TG_OP, NEW.locked_by, NEW.run_at, NEW.payload
        FROM graphile_worker._private_tasks t WHERE t.id = NEW.task_id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER trace_job AFTER INSERT OR UPDATE OF locked_by ON graphile_worker._private_jobs
      FOR EACH ROW EXECUTE FUNCTION public.trace_job();`);
  smtp = await startRelay();
  const [portA, portB] = [await freePort(), await freePort()];
  // The load balancer's address, in every emailed link; here it is instance A's.
  const publicUrl = `http://127.0.0.1:${portA}`;
  // All four at once, as a deployment's instances come up: they must still agree on one seal.
  const upAt = (name: string) => startWorker(name, publicUrl).then(() => Date.now());
  const started = await Promise.allSettled([
    startWeb("web A", publicUrl, portA),
    startWeb("web B", publicUrl, portB),
    upAt("worker 1"),
    upAt("worker 2"),
  ]);
  // Every instance has been tracked by now, so afterAll stops those that did start.
  for (const result of started) if (result.status === "rejected") throw result.reason;
  const values = started.map((result) => (result as PromiseFulfilledResult<string | number>).value);
  [webA, webB] = values.slice(0, 2) as string[];
  // The sweep test waits for a minute boundary after both workers were up (often sooner than the
  // web instances, which the minute's cron jobs do not need).
  workersUpAt = Math.max(...(values.slice(2) as number[]));
}, 240_000);

afterAll(async () => {
  await Promise.all(
    instances.map(async ({ process: child, dataDir }) => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      }
      await rm(dataDir, { recursive: true, force: true });
    }),
  );
  await smtp?.close();
  await admin?.end();
});

/** The staff issue form on `baseUrl`, filled in and posted as a browser without JavaScript would. */
async function issueThroughForm(baseUrl: string, cookie: string, author: string, title: string) {
  const page = await fetch(`${baseUrl}/staff/agreements/new`, { headers: { cookie } }).then((r) => r.text());
  const form = [...page.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].find((match) =>
    match[1].includes('name="articleTitle"'),
  );
  if (!form) throw new Error("no issue form on /staff/agreements/new");
  const body = new FormData();
  for (const hidden of form[1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g))
    body.append(decodeHtml(hidden[1]), decodeHtml(hidden[2] ?? ""));
  body.append("proceedings", "PMLR vol. 267, ICML 2025");
  body.append("articleTitle", title);
  body.append("correspondingAuthorName", "Ada Lovelace");
  body.append("correspondingAuthorEmail", author);
  body.append("authors", "Ada Lovelace");
  const response = await fetch(`${baseUrl}/staff/agreements/new`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { cookie, Origin: baseUrl },
  });
  expect(response.status, `issuing for ${author}`).toBe(303);
}

const mailsTo = (to: string, subject: RegExp) =>
  smtp.mails.filter((mail) => mail.to === to && subject.test(mail.subject));
const invitation = /^Please sign/;
const signedCopy = /^Your signed publication agreement/;

describe("two web instances and two workers on one PostgreSQL", () => {
  const authors = Array.from({ length: AGREEMENTS }, (_, i) => `author-${i + 1}@example.org`);

  it("issue through A, sign through A and B: every email sent once, every seal done once by one seal", async () => {
    const cookie = await staffSessionCookie("admin");
    await Promise.all(authors.map((author, i) => issueThroughForm(webA, cookie, author, `Scaling paper ${i + 1}`)));
    await waitFor(
      () => smtp.mails.length >= AGREEMENTS,
      30_000,
      () => `${smtp.mails.length} invitations arrived`,
    );

    const links = authors.map(
      (author) => /https?:\/\/\S*\/sign\/[A-Za-z0-9_-]{43}/.exec(mailsTo(author, invitation)[0].text)![0],
    );
    // Half the authors reach instance A, half instance B (as a load balancer would send them).
    for (const [i, link] of links.entries()) {
      const url = i % 2 === 0 ? link : link.replace(webA, webB);
      await signThroughForm(url, "Ada Lovelace", await fetch(url).then((r) => r.text()));
    }
    await waitFor(
      () => smtp.mails.length >= 2 * AGREEMENTS,
      60_000,
      () => `${smtp.mails.length - AGREEMENTS} signed copies arrived`,
    );
    // Time for a duplicate to show up, were anything sent twice.
    await new Promise((resolve) => setTimeout(resolve, 2000));

    for (const author of authors) {
      expect(mailsTo(author, invitation), author).toHaveLength(1);
      expect(mailsTo(author, signedCopy), author).toHaveLength(1);
    }
    expect(smtp.mails).toHaveLength(2 * AGREEMENTS);

    const agreements = await db.agreement.findMany({
      where: { correspondingAuthorEmail: { in: authors } },
      select: { id: true },
    });
    expect(agreements).toHaveLength(AGREEMENTS);
    for (const { id } of agreements) {
      expect(await db.signedDocument.count({ where: { agreementId: id } })).toBe(1);
      expect(await db.auditEvent.count({ where: { agreementId: id, type: "agreement.sealed" } })).toBe(1);
    }

    // Both workers sealed; each seal job was taken by exactly one of them.
    const { rows: sealLocks } = await admin.query<{ agreement: string; workers: string[] }>(
      `SELECT payload->>'agreementId' AS agreement, array_agg(DISTINCT locked_by) AS workers FROM public.job_trace
        WHERE task = 'seal_agreement' AND event = 'UPDATE' AND locked_by IS NOT NULL GROUP BY 1`,
    );
    expect(sealLocks).toHaveLength(AGREEMENTS);
    expect(sealLocks.every((lock) => lock.workers.length === 1)).toBe(true);
    expect(new Set(sealLocks.map((lock) => lock.workers[0])).size).toBe(2);
    // …and nobody else: the web instances work no jobs. Each worker runs two pools (its jobs, its
    // emails: lib/worker/start-worker.ts), so two workers lock jobs under four pool ids.
    const { rows: lockers } = await admin.query(
      `SELECT DISTINCT locked_by FROM public.job_trace WHERE event = 'UPDATE' AND locked_by IS NOT NULL`,
    );
    expect(lockers).toHaveLength(4);

    // One seal everywhere: the PDFs the authors received carry the same certificate, whichever
    // worker (each with its own empty DATA_DIR) sealed them, and it is the one stored, once.
    const fingerprints = new Set<string>();
    for (const mail of smtp.mails.filter((m) => signedCopy.test(m.subject))) {
      const inspection = await inspectPdfSignature(mail.pdf!);
      expect(inspection).toMatchObject({ kind: "signed", valid: true, coversWholeDocument: true });
      if (inspection.kind === "signed") fingerprints.add(inspection.signerFingerprintSha256);
    }
    expect(fingerprints.size).toBe(1);
    const stored = await db.storedSigningCertificate.findMany();
    expect(stored).toHaveLength(1);
    expect([...fingerprints]).toEqual([stored[0].fingerprintSha256]);
  }, 120_000);

  it("keeps to one SMTP sending rate across both workers, not one rate each", async () => {
    // A second volley, once both workers hold open connections to the relay: what the relay sees
    // then is the pace the workers keep, not the cost of their first connection.
    const volley = Array.from({ length: VOLLEY }, (_, i) => `volley-${i + 1}@example.org`);
    const before = smtp.mails.length;
    const cookie = await staffSessionCookie("admin");
    await Promise.all(
      volley.map((author, i) => issueThroughForm(i % 2 ? webB : webA, cookie, author, `Volley paper ${i + 1}`)),
    );
    await waitFor(
      () => smtp.mails.length >= before + VOLLEY,
      30_000,
      () => `${smtp.mails.length - before} of the volley's invitations arrived`,
    );
    const { rows } = await admin.query<{ worker: string }>(
      `SELECT DISTINCT locked_by AS worker FROM public.job_trace
        WHERE task = 'deliver_email' AND event = 'UPDATE' AND locked_by IS NOT NULL AND payload->>'emailId' IN (
          SELECT id FROM "EmailMessage" WHERE "to" = ANY($1))`,
      [volley],
    );
    expect(rows).toHaveLength(2);
    const started = smtp.mails
      .filter((mail) => volley.includes(mail.to))
      .map((mail) => mail.at)
      .sort((a, b) => a - b);
    const perSecond = new Map<number, number>();
    for (const at of started) perSecond.set(Math.floor(at / 1000), (perSecond.get(Math.floor(at / 1000)) ?? 0) + 1);
    // A send let through at a window's very end may reach the relay in the next one: one over, at most.
    expect(Math.max(...perSecond.values()), JSON.stringify([...perSecond])).toBeLessThanOrEqual(
      SMTP_MAX_PER_SECOND + 1,
    );
    // 24 emails at 2 a second need 12 one-second windows: 11 seconds from first to last, less the edges.
    expect(started.at(-1)! - started[0]).toBeGreaterThanOrEqual((VOLLEY / SMTP_MAX_PER_SECOND - 2.5) * 1000);
  }, 60_000);

  it("shares the unknown-link throttle: 10 guesses through A and 10 through B, and B refuses the 21st", async () => {
    const guess = (baseUrl: string) =>
      request(Number(new URL(baseUrl).port), {
        path: `/sign/${randomBytes(32).toString("base64url")}`,
        from: "127.0.0.3",
      }).then((answer) => answer.status);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push(await guess(webA));
    for (let i = 0; i < 10; i++) statuses.push(await guess(webB));
    expect(statuses.every((status) => status === 404)).toBe(true);
    expect(await guess(webB)).toBe(429);
  });

  it("runs each scheduled sweep once per period across both workers", async () => {
    // A minute boundary must have passed with both workers up; wait for the next one if not yet.
    const firstBoundary = Math.ceil(workersUpAt / 60_000) * 60_000;
    if (Date.now() < firstBoundary + 3000) await new Promise((r) => setTimeout(r, firstBoundary + 3000 - Date.now()));
    const { rows } = await admin.query<{ task: string; run_at: Date; jobs: number }>(
      `SELECT task, run_at, count(*)::int AS jobs FROM public.job_trace
        WHERE event = 'INSERT' AND task IN ('sweep_stuck_seals', 'checkpoint_audit_chain') AND run_at >= $1
        GROUP BY 1, 2 ORDER BY 2, 1`,
      [new Date(firstBoundary)],
    );
    // The whole minutes the schedule ran at: the checkpoint task's runs queued by appends (the
    // volley's emails, when they are still going out after the boundary) are at other times.
    const minutes = new Set(rows.map((row) => row.run_at.getTime()).filter((at) => at % 60_000 === 0));
    expect(minutes.size).toBeGreaterThanOrEqual(1);
    for (const minute of minutes) {
      expect(rows.filter((row) => row.run_at.getTime() === minute && row.task === "sweep_stuck_seals")).toEqual([
        expect.objectContaining({ jobs: 1 }),
      ]);
    }
    // The checkpoint task is also queued by appends, never at a whole minute: at whole minutes, once.
    for (const row of rows.filter((r) => r.task === "checkpoint_audit_chain" && r.run_at.getTime() % 60_000 === 0))
      expect(row.jobs).toBe(1);
    // Both workers were running all along (neither crashed out of the schedule).
    expect(instances.filter((i) => i.name.startsWith("worker")).every((i) => i.process.exitCode === null)).toBe(true);
  }, 75_000);

  it("stops every instance, and the web servers the web instances started, at a SIGTERM to each", async () => {
    // As systemd or Docker stops a deployment: every process asked at once.
    await Promise.all(
      instances.map(({ process: child }) => {
        // One that already stopped would never emit "exit" again.
        if (child.exitCode !== null || child.signalCode !== null) return undefined;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        return exited;
      }),
    );
    // Nothing is left answering on the web instances' ports.
    for (const url of [webA, webB]) {
      await waitFor(
        () =>
          fetch(`${url}/api/health`).then(
            () => false,
            () => true,
          ),
        5_000,
        () => `${url} still answers after its instance stopped`,
      );
    }
  });
});
