import { spawn, type ChildProcess } from "node:child_process";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { issueRows, type IssueRow } from "@/lib/proceedings/issue-rows";
import { staffActing } from "./contexts";
import { freePort } from "./free-port";
import { stopChild, within } from "./eventually";

// A volume's invitations delivered by the app's job worker in a process of its own, with the
// default email settings (EMAIL_CONCURRENCY, SMTP_MAX_CONNECTIONS unset), to a real SMTP relay
// that notes how many connections it holds at once and whom each message is for.

const PAPERS = 300;

type Relay = { url: string; recipients: string[]; mostConnectionsAtOnce: () => number; close: () => Promise<void> };

async function startRelay(): Promise<Relay> {
  const recipients: string[] = [];
  let open = 0;
  let most = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onConnect(_session, callback) {
      most = Math.max(most, ++open);
      callback();
    },
    onClose() {
      open--;
    },
    onData(stream, session, callback) {
      recipients.push(...session.envelope.rcptTo.map((rcpt) => rcpt.address));
      stream.on("end", () => callback());
      stream.resume();
    },
  });
  server.on("error", () => undefined);
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    recipients,
    mostConnectionsAtOnce: () => most,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function startWorkerProcess(smtpUrl: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, SMTP_URL: smtpUrl };
  delete env.EMAIL_CONCURRENCY;
  delete env.SMTP_MAX_CONNECTIONS;
  delete env.SMTP_MAX_PER_SECOND;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=react-server", "test/fixtures/worker-process.ts"],
    { env, stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise<ChildProcess>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => chunk.toString().includes("worker started") && resolve(child));
    child.once("exit", (code, signal) => reject(new Error(`the worker exited (${code ?? signal}) before it started`)));
  });
}

let relay: Relay;
let worker: ChildProcess | undefined;
beforeAll(async () => {
  relay = await startRelay();
});
afterAll(async () => {
  if (worker) await stopChild(worker);
  await relay.close();
});

const rows: IssueRow[] = Array.from({ length: PAPERS }, (_, i) => ({
  paperId: `D${i + 1}`,
  articleTitle: `Delivered paper ${i + 1}`,
  correspondingAuthorName: `Author ${i + 1}`,
  correspondingAuthorEmail: `author${i + 1}@delivery.example.org`,
  authors: [`Author ${i + 1}`],
}));

describe("delivering a volume's invitations", () => {
  it("sends them over up to 20 SMTP connections at once, each email once and recorded once", async () => {
    const volume = await db.proceedings.create({ data: { name: "Delivery Volume", linkExpiryDays: 14 } });
    await db.$transaction((tx) => issueRows(tx, staffActing("test@example.org"), volume, rows), { timeout: 60_000 });

    worker = await startWorkerProcess(relay.url);
    await within(50, "every invitation sent and recorded", async () => {
      const sent = await db.emailMessage.count({ where: { status: "sent", agreement: { proceedingsId: volume.id } } });
      return sent === PAPERS;
    });
    // Whatever was still on its way when the last row was marked sent has arrived by now.
    await new Promise((resolve) => setTimeout(resolve, 1000));

    expect(relay.recipients).toHaveLength(PAPERS);
    expect(new Set(relay.recipients).size).toBe(PAPERS);
    const events = await db.auditEvent.findMany({
      where: { type: "email.sent", agreement: { proceedingsId: volume.id } },
      select: { data: true },
    });
    const emailIds = events.map((event) => (event.data as { emailId: string }).emailId);
    expect(emailIds).toHaveLength(PAPERS);
    expect(new Set(emailIds).size).toBe(PAPERS);
    expect((await verifyAuditChain()).intact).toBe(true);
    // Ten connections at once (the old default) left most emails waiting for a free one.
    expect(relay.mostConnectionsAtOnce()).toBeGreaterThan(10);
    expect(relay.mostConnectionsAtOnce()).toBeLessThanOrEqual(20);
  }, 90_000);
});
