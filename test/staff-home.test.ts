import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startAppServer, type AppServer } from "./app-server";
import { signAgreement } from "@/lib/agreements/sign-agreement";
import { db } from "@/lib/db/client";
import { AUTHOR, issueTestAgreement } from "./agreement-fixtures";
import { staffSessionCookie } from "./staff-session-cookie";

let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
}, 240_000);
afterAll(() => app?.stop());

/** Follows redirects on this server, as a browser would, and says where it ended and how. */
async function visit(path: string, headers: Record<string, string> = {}) {
  const hops: string[] = [];
  let answer = await request(app.port, { path, headers });
  while (answer.status >= 300 && answer.status < 400 && hops.length < 5) {
    const next = new URL(answer.headers.location!, app.baseUrl);
    hops.push(next.pathname);
    answer = await request(app.port, { path: next.pathname + next.search, headers });
  }
  return { status: answer.status, hops, body: answer.body };
}

describe("/staff, as a staff member types it", () => {
  it("sends a signed-out visitor to sign in, not to a 404", async () => {
    const first = await request(app.port, { path: "/staff" });
    expect(first.status).toBeGreaterThanOrEqual(300);
    expect(first.status).toBeLessThan(400);
    const visited = await visit("/staff");
    expect(visited.hops.at(-1)).toBe("/staff/sign-in");
    expect(visited.status).toBe(200);
    expect(visited.body).toContain("Staff sign-in");
  });

  it("is the staff home for a signed-in staff member (also with a trailing slash, and from /)", async () => {
    const cookie = await staffSessionCookie("publisher");
    for (const path of ["/staff", "/staff/", "/"]) {
      const visited = await visit(path, { Cookie: cookie });
      expect(visited.hops.at(-1) ?? path).toMatch(/^\/staff\/?$/);
      expect(visited.status).toBe(200);
      expect(visited.body).toMatch(/<h1[^>]*>Staff home<\/h1>/);
      expect(visited.body).toContain("Needs attention");
    }
  });

  it("shows a count of 0 calmly, as a link to the filtered list, rather than hiding it", async () => {
    const visited = await visit("/staff", { Cookie: await staffSessionCookie("auditor") });
    expect(visited.body).toMatch(/<a href="\/staff\/agreements\?flag=seal_failed">0 seals failed<\/a>/);
    expect(visited.body).toMatch(/<a href="\/staff\/agreements\?status=declined">0 declined agreements not yet/);
  });

  it("renders a volume's charts as SVG on the server, with the numbers stated in words", async () => {
    const { agreement, token } = await issueTestAgreement({ proceedings: "Home chart volume" });
    await signAgreement(AUTHOR, { token, typedName: "Zhang Haoyang" });
    await issueTestAgreement({ proceedings: "Home chart volume", articleTitle: "A second paper" });
    const deadline = new Date(Date.now() + 9 * 86_400_000);
    await db.proceedings.update({ where: { id: agreement.proceedingsId }, data: { deadline, reminderDays: [7] } });
    const cookie = await staffSessionCookie("publisher");
    for (const path of ["/staff", `/staff/proceedings/${agreement.proceedingsId}`]) {
      const { body } = await visit(path, { Cookie: cookie });
      const reminder = new Date(deadline.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
      const sentence = `1 of 2 agreements signed by ${new Date().toISOString().slice(0, 10)}; deadline ${deadline
        .toISOString()
        .slice(0, 10)}. Reminders: ${reminder} (7 days before).`;
      expect(body).toContain(`<desc id="volume-${agreement.proceedingsId}-burn-up-desc">${sentence}</desc>`);
      expect(body).toContain("2 agreements: 1 signed, 0 opened, not signed, 1 not opened, 0 declined.");
      expect(body).toMatch(/<path[^>]+d="M/); // the line, drawn on the server
    }
  });
});
