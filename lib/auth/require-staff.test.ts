import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { markFrontDoorProcess, CLIENT_IP_HEADER } from "@/lib/http/edge/internal-headers";
import { taskList } from "@/lib/worker/task-list";
import { runQueuedJobs } from "@/test/run-queued-jobs";

// Outside Next.js there is no session cookie and no request headers: only those two are stood in
// for. requireStaff, requestOrigin, the route handlers and the operations all run as they do in the app.
type SessionUser = { id: string; email: string; name: string | null; role: "publisher" | "auditor"; removedAt: null };
const request = vi.hoisted(() => ({ user: null as SessionUser | null, headers: new Headers() }));
vi.mock("next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next-auth")>()),
  getServerSession: async () => {
    if (!request.user) return null;
    return { user: request.user, expires: new Date(Date.now() + 3_600_000).toISOString() };
  },
}));
vi.mock("next/headers", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/headers")>()),
  headers: async () => request.headers,
}));

const { GET: exportCsv } = await import("@/app/staff/(app)/agreements/export.csv/route");
const { POST: uploadCsv } = await import("@/app/staff/(app)/proceedings/[id]/import/upload/route");
const { issueImportAction } = await import("@/app/staff/(app)/proceedings/[id]/import/actions");

const BROWSER = "Mozilla/5.0 (editor's laptop)";
let nextHost = 10;

/** A request from a fresh address (the front door's header) with the editor's browser. */
function from(user: SessionUser | null) {
  const ip = `198.51.100.${nextHost++}`;
  request.user = user;
  request.headers = new Headers({ [CLIENT_IP_HEADER]: ip, "user-agent": BROWSER });
  return ip;
}

let editor: SessionUser;
let auditor: SessionUser;

beforeAll(async () => {
  // As under scripts/web-server.ts, which alone sets the client-address header.
  markFrontDoorProcess();
  const staff = async (email: string, role: SessionUser["role"]) => {
    const user = await db.user.create({ data: { email, role } });
    return { id: user.id, email, name: user.name, role, removedAt: null };
  };
  editor = await staff("editor@imprimatur.test", "publisher");
  auditor = await staff("auditor@imprimatur.test", "auditor");
});

beforeEach(() => {
  request.user = null;
});

const latest = (type: string) => db.auditEvent.findFirstOrThrow({ where: { type }, orderBy: { id: "desc" } });
const EDITOR = "staff:editor@imprimatur.test";

function upload(volumeId: string, body: string) {
  const url = `http://imprimatur.test/staff/proceedings/${volumeId}/import/upload?name=volume.csv`;
  const post = new Request(url, { method: "POST", headers: { "content-type": "text/csv" }, body });
  return uploadCsv(post, { params: Promise.resolve({ id: volumeId }) });
}

const exportList = () => exportCsv(new Request("http://imprimatur.test/staff/agreements/export.csv"));

describe("staff actions record who acted and from where, through requireStaff", () => {
  it("an export's audit event names the signed-in staff member, their address and their browser", async () => {
    const ip = from(editor);
    expect((await exportList()).status).toBe(200);
    expect(await latest("export.downloaded")).toMatchObject({ actor: EDITOR, ip, userAgent: BROWSER });
  });

  it("agreements a CSV import issues are the starting staff member's, with their address and browser", async () => {
    const volume = await db.proceedings.create({ data: { name: "Context Volume", shortName: "context-volume" } });
    const csv = [
      "paper_id,title,corresponding_author,corresponding_email,authors",
      'C1,First Paper,Ana Ruiz,ana@example.org,"Ana Ruiz; Bo Li"',
      "C2,Second Paper,Bo Li,bo@example.org,Bo Li",
    ].join("\n");
    const uploadIp = from(editor);
    const uploaded = await upload(volume.id, csv);
    expect(uploaded.status).toBe(200);
    const { importId } = (await uploaded.json()) as { importId: string };
    expect(await latest("import.previewed")).toMatchObject({ actor: EDITOR, ip: uploadIp, userAgent: BROWSER });

    const startIp = from(editor);
    await expect(issueImportAction(volume.id, importId)).rejects.toThrow("NEXT_REDIRECT");
    await runQueuedJobs({ issue_import: taskList.issue_import });

    const agreements = await db.agreement.findMany({ where: { proceedingsId: volume.id } });
    expect(agreements.map((agreement) => agreement.issuedById)).toEqual([editor.id, editor.id]);
    const agreementId = { in: agreements.map((agreement) => agreement.id) };
    const events = (type: string) => db.auditEvent.findMany({ where: { type, agreementId } });
    const issued = await events("agreement.issued");
    expect(issued).toHaveLength(2);
    for (const event of issued) expect(event).toMatchObject({ actor: EDITOR, ip: startIp, userAgent: BROWSER });
    // The invitations are queued by the app itself, not by the editor.
    const queued = await events("email.queued");
    expect(queued.map((event) => [event.actor, event.ip, event.userAgent])).toEqual([
      ["system", null, null],
      ["system", null, null],
    ]);
  });

  it("a refusal is recorded with the refused staff member or as anonymous, from the request's address", async () => {
    const auditorIp = from(auditor);
    const volume = await db.proceedings.create({ data: { name: "Refused Volume", shortName: "refused-volume" } });
    expect((await upload(volume.id, "x")).status).toBe(403);
    expect(await latest("staff.refused")).toMatchObject({
      actor: "staff:auditor@imprimatur.test",
      ip: auditorIp,
      userAgent: BROWSER,
      data: { permission: "imports.run", reason: "role" },
    });

    const strangerIp = from(null);
    expect((await exportList()).status).toBe(401);
    expect(await latest("staff.refused")).toMatchObject({
      actor: "anonymous",
      ip: strangerIp,
      userAgent: BROWSER,
      data: { permission: "exports.download", reason: "signed_out" },
    });
  });
});
