import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { request, startAppServer, type AppServer } from "./app-server";
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

  it("takes a signed-in staff member to the agreements list (also with a trailing slash)", async () => {
    const cookie = await staffSessionCookie("publisher");
    for (const path of ["/staff", "/staff/"]) {
      const visited = await visit(path, { Cookie: cookie });
      expect(visited.hops.at(-1)).toBe("/staff/agreements");
      expect(visited.status).toBe(200);
      expect(visited.body).toMatch(/<h1[^>]*>[^<]*Agreements/);
    }
  });
});
