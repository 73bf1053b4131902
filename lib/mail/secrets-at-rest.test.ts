import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { SYSTEM_CONTEXT, staffAddressContext } from "@/lib/audit/audit-context";
import { changeAuthorEmail } from "@/lib/agreements/corrections/change-author-email";
import { resendInvitation } from "@/lib/agreements/corrections/resend-invitation";
import { openAgreementForSigning } from "@/lib/agreements/open-agreement-for-signing";
import { taskList } from "@/lib/worker/task-list";
import { issueRows } from "@/lib/proceedings/issue-rows";
import { sendDueReminders } from "@/lib/proceedings/send-due-reminders";
import { AUTHOR, issueTestAgreement, refusal, STAFF } from "@/test/agreement-fixtures";
import { startSmtpSink, type SmtpSink } from "@/test/smtp-sink";
import { sendSignInLink } from "@/lib/auth/send-sign-in-link";
import { openSignInLink } from "@/test/staff-sign-in-fixtures";
import { closeMailTransport } from "./transport";
import { sqlAs } from "@/test/database-as";
import { runQueuedJobs } from "@/test/run-queued-jobs";

const DAY = 86_400_000;
const SIGNING = /https?:\/\/\S+?\/sign\/([A-Za-z0-9_-]{43})/g;
const SIGN_IN = /https?:\/\/\S+?\/api\/auth\/callback\/email\?\S*?token=([0-9a-f]+)\S*/g;

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.NEXTAUTH_URL = process.env.APP_URL;
});
afterAll(async () => {
  closeMailTransport();
  await sink.close();
});

/** Every row of every table, as PostgreSQL prints it: what a dump or a backup of the database holds. */
async function databaseText(): Promise<string> {
  const tables = await db.$queryRaw<{ schema: string; name: string }[]>`
    SELECT table_schema::text AS schema, table_name::text AS name FROM information_schema.tables
    WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`;
  expect(tables.map((table) => table.name)).toEqual(
    expect.arrayContaining(["EmailMessage", "SigningLink", "VerificationToken", "AuditEvent", "_private_jobs"]),
  );
  const rows = await Promise.all(
    tables.map(({ schema, name }) =>
      db.$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${schema}"."${name}" t`),
    ),
  );
  return rows
    .flat()
    .map((row) => row.row)
    .join("\n");
}

/** The bytes of every file under a directory that `keep` accepts. */
async function filesUnder(
  directory: string,
  keep: (file: string, modified: number) => boolean = () => true,
): Promise<{ file: string; bytes: Buffer }[]> {
  const found: { file: string; bytes: Buffer }[] = [];
  for (const entry of await readdir(directory, { recursive: true }).catch(() => [] as string[])) {
    const file = path.join(directory, entry);
    // The cluster is shared with the files running beside this one: PostgreSQL removes files
    // (global/pg_internal.init when a catalog changes, a recycled WAL segment) between the listing
    // and the read. A file gone holds nothing at rest; any other failure still fails the test.
    const info = await stat(file).catch(unlessGone);
    if (!info || !info.isFile() || !keep(file, info.mtimeMs)) continue;
    const bytes = await readFile(file).catch(unlessGone);
    if (bytes) found.push({ file, bytes });
  }
  return found;
}

function unlessGone(error: NodeJS.ErrnoException): undefined {
  if (error.code === "ENOENT") return undefined;
  throw error;
}

const testStarted = Date.now();

/**
 * PostgreSQL's own files, as a file-level backup would copy them: this database's tables and the
 * write-ahead log written while this test ran (the cluster is shared with other test files).
 */
async function databaseFiles() {
  const cluster = path.join(path.dirname(process.env.DATA_DIR!), "postgres");
  const [{ oid }] = await db.$queryRaw<
    { oid: number }[]
  >`SELECT oid::int AS oid FROM pg_database WHERE datname = current_database()`;
  // Written to the table files now rather than at the next checkpoint; the WAL has it either way.
  await sqlAs("admin", "CHECKPOINT");
  const ours = path.join(cluster, "base", String(oid));
  return filesUnder(
    cluster,
    (file, modified) =>
      file.startsWith(ours) || (file.includes(`${path.sep}pg_wal${path.sep}`) && modified >= testStarted - 1000),
  );
}

/** Each secret in the forms a copy might hold it: raw, URL-encoded, hex (bytea). */
const forms = (secret: string) => [
  ...new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString("hex")]),
];

function leaks(secrets: string[], places: { name: string; text: string | Buffer }[]): string[] {
  return secrets.flatMap((secret) =>
    places.flatMap(({ name, text }) =>
      forms(secret).some((form) => text.includes(form)) ? [`${secret.slice(0, 12)}… in ${name}`] : [],
    ),
  );
}

describe("no usable link at rest", () => {
  it("keeps no signing or sign-in link in the database or DATA_DIR, before or after delivery, and the delivered links work", async () => {
    const logs: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void logs.push(args.map(String).join(" ")));
    }

    // Every kind of email that carries a credential: invitation, CSV import, resend, change of
    // email, reminder, staff sign-in; and one the recipient's server refuses.
    const invited = await issueTestAgreement({
      proceedings: "Secrets Volume",
      correspondingAuthorEmail: "invited@example.org",
    });
    await resendInvitation(STAFF, { agreementId: invited.agreement.id });
    const moved = await issueTestAgreement({
      proceedings: "Secrets Volume",
      correspondingAuthorEmail: "old@example.org",
    });
    await changeAuthorEmail(STAFF, { agreementId: moved.agreement.id, newEmail: "new@example.org" });
    const reminded = await issueTestAgreement({
      proceedings: "Reminded Volume",
      correspondingAuthorEmail: "reminded@example.org",
    });
    await db.agreement.update({
      where: { id: reminded.agreement.id },
      data: { issuedAt: new Date(Date.now() - 10 * DAY) },
    });
    await db.proceedings.update({
      where: { name: "Reminded Volume" },
      data: { deadline: new Date(Date.now() + 3 * DAY) },
    });
    expect(await sendDueReminders()).toEqual({ queued: 1 });
    const volume = await db.proceedings.create({ data: { name: "Imported Volume", linkExpiryDays: 14 } });
    await db.$transaction((tx) =>
      issueRows(tx, SYSTEM_CONTEXT, volume, [
        {
          paperId: "P-1",
          articleTitle: "Imported Paper",
          correspondingAuthorName: "Ana Ruiz",
          correspondingAuthorEmail: "imported@example.org",
          authors: ["Ana Ruiz"],
        },
      ]),
    );
    const refused = await issueTestAgreement({
      proceedings: "Secrets Volume",
      correspondingAuthorEmail: "refused@example.org",
    });
    sink.rejectRecipients(/^refused@/);
    await db.user.create({ data: { email: "auditor@example.org", role: "auditor" } });
    const context = staffAddressContext("auditor@example.org", { ip: null, userAgent: null });
    await sendSignInLink({ email: "auditor@example.org", callbackUrl: "/staff", context });
    expect(await db.emailMessage.count({ where: { kind: "sign_in_link", to: "auditor@example.org" } })).toBe(1);

    expect(await db.emailMessage.count({ where: { status: "queued" } })).toBe(9);
    const beforeDelivery = await databaseText();
    const filesBefore = await databaseFiles();

    await runQueuedJobs(taskList);

    const received = sink.mails.map((mail) => `${mail.text}\n${mail.html}`).join("\n");
    const signingTokens = [...received.matchAll(SIGNING)].map((match) => match[1]);
    const signInLinks = [...received.matchAll(SIGN_IN)].map((match) => match[0].replaceAll("&amp;", "&"));
    const signInTokens = [...received.matchAll(SIGN_IN)].map((match) => match[1]);
    // 7 delivered emails with a signing link (in text and HTML), 1 with a sign-in link; 1 refused.
    expect(new Set(signingTokens).size).toBe(7);
    expect(new Set(signInTokens).size).toBe(1);
    const secrets = [
      ...new Set([...signingTokens, ...signInTokens, invited.token, moved.token, reminded.token, refused.token]),
    ];
    const links = [...new Set([...received.matchAll(SIGNING)].map((match) => match[0]).concat(signInLinks))];

    const afterDelivery = await databaseText();
    const appFiles = await filesUnder(process.env.DATA_DIR!);
    const filesAfter = await databaseFiles();
    const found = leaks(
      [...secrets, ...links],
      [
        { name: "the database before delivery", text: beforeDelivery },
        { name: "the database after delivery", text: afterDelivery },
        ...filesBefore.map(({ file, bytes }) => ({ name: `${file} before delivery`, text: bytes })),
        ...[...filesAfter, ...appFiles].map(({ file, bytes }) => ({ name: `${file} after delivery`, text: bytes })),
        { name: "the console", text: logs.join("\n") },
      ],
    );
    expect(found).toEqual([]);

    const outbox = await db.emailMessage.findMany({
      where: { kind: { in: ["invitation", "reminder", "sign_in_link"] } },
    });
    expect(outbox.map((email) => [email.to, email.status, email.encryptedLink])).toEqual(
      expect.arrayContaining([["refused@example.org", "failed", null]]),
    );
    expect(outbox.every((email) => email.status !== "queued" && email.encryptedLink === null)).toBe(true);

    // The links that arrived work: each agreement opens from the newest link it was sent (the
    // replaced ones say so), and the staff sign-in link signs in.
    const opened = new Set<string>();
    const refusals: string[] = [];
    for (const token of new Set(signingTokens)) {
      const outcome = await refusal(
        openAgreementForSigning(AUTHOR, { token }).then((agreement) => opened.add(agreement.agreementId)),
      );
      if (outcome !== "no error") refusals.push(outcome);
    }
    const imported = await db.agreement.findFirstOrThrow({ where: { paperId: "P-1" } });
    expect([...opened].sort()).toEqual(
      [invited.agreement.id, moved.agreement.id, reminded.agreement.id, imported.id].sort(),
    );
    expect(refusals.map((outcome) => outcome.split(":")[0])).toEqual(["LINK_REVOKED", "LINK_REVOKED"]);
    const signedIn = await openSignInLink(signInLinks[0]);
    expect(signedIn.redirect).toMatch(/\/staff$/);
    expect(signedIn.session?.value).toBeTruthy();
    vi.restoreAllMocks();
  }, 60_000);
});
