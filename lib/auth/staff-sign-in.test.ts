import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { staffAddressContext, type RequestOrigin } from "@/lib/audit/audit-context";
import { sha256Hex } from "@/lib/crypto/hashing";
import {
  APP,
  askNextAuthForLink,
  latestSignInLink,
  openSignInLink,
  runSignInJobs,
} from "@/test/staff-sign-in-fixtures";
import { addressThrottleKey, requestSignInLink, SIGN_IN_PER_ADDRESS, SIGN_IN_PER_CLIENT } from "./request-sign-in-link";
import { sqlAs } from "@/test/database-as";

// The route reads the client's address from the Next request context, which does not exist here.
const client = vi.hoisted(() => ({ ip: "198.51.100.7" as string | null }));
vi.mock("@/lib/http/requester", () => ({ requestOrigin: async () => ({ ip: client.ip, userAgent: "test-browser" }) }));

const { POST } = await import("@/app/staff/sign-in/request/route");

const STAFF = "editor@imprimatur.test";
const GONE = "gone@imprimatur.test";
const STRANGER = "stranger@example.org";

let nextIp = 1;
/** A fresh client address per test, so the per-client throttle of one test does not touch another. */
function freshClient() {
  client.ip = `198.51.100.${nextIp++}`;
  return { ip: client.ip, userAgent: "test-browser" };
}

beforeEach(async () => {
  freshClient();
  await db.verificationToken.deleteMany();
  await db.emailMessage.deleteMany({ where: { kind: "sign_in_link" } });
  await db.$executeRawUnsafe(`DELETE FROM "RateLimitBucket"`);
  await db.user.upsert({
    where: { email: STAFF },
    update: { removedAt: null },
    create: { email: STAFF, role: "publisher" },
  });
  await db.user.upsert({
    where: { email: GONE },
    update: { removedAt: new Date() },
    create: { email: GONE, role: "publisher", removedAt: new Date() },
  });
});

afterEach(() => {
  vi.useRealTimers();
});

function postForm(fields: Record<string, string>) {
  return POST(
    new Request(`${APP}/staff/sign-in/request`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields),
    }),
  );
}

/** What the form's route asks for: a link to the staff area for `email`, from `who`. */
function ask(email: string, who: RequestOrigin) {
  return requestSignInLink(staffAddressContext(email, who), { email, callbackUrl: "/staff/agreements" });
}

async function answer(response: Response) {
  return {
    status: response.status,
    location: response.headers.get("location"),
    body: await response.text(),
    cookies: response.headers.getSetCookie().map((cookie) => cookie.split("=")[0]),
    headers: [...response.headers.keys()].sort(),
  };
}

async function queuedSignInJobs(): Promise<number> {
  const [{ n }] = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'send_sign_in_link'`;
  return Number(n);
}

async function distinctWork() {
  return {
    tokens: await db.verificationToken.count(),
    emails: await db.emailMessage.count({ where: { kind: "sign_in_link" } }),
  };
}

describe("asking for a sign-in link", () => {
  it("answers a staff address, a removed one and a stranger's byte for byte the same, and leaves the difference to the job", async () => {
    const answers = [];
    for (const email of [STAFF, GONE, STRANGER]) {
      answers.push(await answer(await postForm({ email, callbackUrl: "/staff/agreements" })));
      // The request itself did the same for each: one queued job, no token, no email.
      expect(await distinctWork()).toEqual({ tokens: 0, emails: 0 });
    }
    expect(answers[0]).toEqual({
      status: 303,
      location: "/staff/sign-in/check-email",
      body: "",
      cookies: [],
      headers: answers[0].headers,
    });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await queuedSignInJobs()).toBe(3);

    const refusalsBefore = await db.auditEvent.count({ where: { type: "staff.refused", actor: `staff:${GONE}` } });
    await runSignInJobs();
    expect(await queuedSignInJobs()).toBe(0);
    expect(await latestSignInLink(STAFF)).toMatch(/^http:\/\/imprimatur\.test:3000\/api\/auth\/callback\/email\?/);
    expect(await latestSignInLink(GONE)).toBeNull();
    expect(await latestSignInLink(STRANGER)).toBeNull();
    expect(await db.user.count({ where: { email: STRANGER } })).toBe(0);
    const refusal = await db.auditEvent.findFirstOrThrow({
      where: { type: "staff.refused", actor: `staff:${GONE}` },
      orderBy: { id: "desc" },
    });
    expect(await db.auditEvent.count({ where: { type: "staff.refused", actor: `staff:${GONE}` } })).toBe(
      refusalsBefore + 1,
    );
    expect(refusal).toMatchObject({ ip: client.ip, data: { permission: "sign_in", reason: "removed" } });
  });

  it("never reads who is staff while answering: it answers the same with the staff table out of reach", async () => {
    const before = await answer(await postForm({ email: STRANGER, callbackUrl: "/staff/agreements" }));
    // Timing cannot differ by address if the request never touches staff data at all.
    await sqlAs("owner", `ALTER TABLE "User" RENAME TO "User_out_of_reach"`);
    try {
      expect(await answer(await postForm({ email: STAFF, callbackUrl: "/staff/agreements" }))).toEqual(before);
    } finally {
      await sqlAs("owner", `ALTER TABLE "User_out_of_reach" RENAME TO "User"`);
    }
  });

  it("looks an address up case-insensitively, as next-auth does when the link is used", async () => {
    await postForm({ email: "  Editor@IMPRIMATUR.test ", callbackUrl: "/staff/agreements" });
    await runSignInJobs();
    expect(await latestSignInLink(STAFF)).toContain(`email=${encodeURIComponent(STAFF)}`);
  });

  it("sends a malformed address back to the form, and queues nothing", async () => {
    const response = await postForm({ email: "editor@", callbackUrl: "/staff/agreements" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/staff/sign-in?error=EmailInvalid");
    expect(await queuedSignInJobs()).toBe(0);
  });

  it("refuses an oversized body with 413 before reading it", async () => {
    const response = await postForm({ email: STAFF, padding: "x".repeat(10_000) });
    expect(response.status).toBe(413);
    expect(await queuedSignInJobs()).toBe(0);
  });

  it("keeps the link's destination on this site", async () => {
    await postForm({ email: STAFF, callbackUrl: "https://evil.example/steal" });
    await runSignInJobs();
    // A foreign destination becomes the staff home.
    expect(new URL((await latestSignInLink(STAFF))!).searchParams.get("callbackUrl")).toBe("/staff");
  });
});

describe("sign-in throttles", () => {
  it("sends no sixth email for one address within 15 minutes, and answers staff and strangers alike when throttled", async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) {
      freshClient();
      answers.push(await answer(await postForm({ email: STAFF })));
    }
    for (let i = 0; i < 6; i++) {
      freshClient();
      answers.push(await answer(await postForm({ email: STRANGER })));
    }
    await runSignInJobs();
    expect(await db.emailMessage.count({ where: { to: STAFF, kind: "sign_in_link" } })).toBe(5);
    expect(answers.slice(0, 5).every((a) => a.location === "/staff/sign-in/check-email")).toBe(true);
    expect(answers[5].location).toMatch(/^\/staff\/sign-in\/check-email\?wait=\d+$/);
    // Throttled, a stranger's answer is still the staff member's.
    expect(answers[11]).toEqual(answers[5]);
    expect(answers[6]).toEqual(answers[0]);
  });

  it("keeps one counter per address in PostgreSQL, which every instance increments", async () => {
    const who = freshClient();
    for (let i = 0; i < 3; i++) await ask(STAFF, who);
    const key = `${SIGN_IN_PER_ADDRESS.name}:${addressThrottleKey(STAFF)}`;
    const rows = await db.$queryRaw<
      { key: string; count: number }[]
    >`SELECT key, count FROM "RateLimitBucket" WHERE key = ${key}`;
    expect(rows).toEqual([{ key, count: 3 }]);
    // Another instance sees the same row: two more requests from anywhere exhaust it.
    await db.$executeRaw`UPDATE "RateLimitBucket" SET count = count + 2 WHERE key = ${rows[0].key}`;
    expect(await ask(STAFF, freshClient())).toMatchObject({ queued: false });
    // The table names no address.
    const keys = await db.$queryRaw<{ key: string }[]>`SELECT key FROM "RateLimitBucket"`;
    expect(keys.some(({ key }) => key.includes(STAFF))).toBe(false);
    // Nor can a copy of it be tested against a list of likely addresses: the hash is keyed.
    expect(keys.some(({ key }) => key.includes(sha256Hex(STAFF)))).toBe(false);
  });

  it("lets one client ask for 20 links in 15 minutes, then nothing, whatever the address", async () => {
    const who = freshClient();
    const outcomes = [];
    for (let i = 0; i < SIGN_IN_PER_CLIENT.limit + 1; i++) outcomes.push(await ask(`probe${i}@example.org`, who));
    expect(outcomes.filter((outcome) => outcome.queued)).toHaveLength(20);
    expect(outcomes[20]).toMatchObject({ queued: false });
    expect(await ask(STAFF, who)).toMatchObject({ queued: false });
    expect(await ask(STAFF, freshClient())).toEqual({ queued: true });
  });
});

describe("sign-in links", () => {
  async function linkFor(email: string) {
    await ask(email, freshClient());
    await runSignInJobs();
    return (await latestSignInLink(email))!;
  }

  it("signs in once; the same link used again is refused", async () => {
    const link = await linkFor(STAFF);
    const first = await openSignInLink(link);
    expect(first.redirect).toBe(`${APP}/staff/agreements`);
    expect(first.session?.value).toBeTruthy();
    const again = await openSignInLink(link);
    expect(again.redirect).toContain("error=Verification");
    expect(again.session).toBeUndefined();
  });

  it("refuses a link 16 minutes old", async () => {
    const link = await linkFor(STAFF);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 16 * 60_000 });
    const late = await openSignInLink(link);
    expect(late.redirect).toContain("error=Verification");
    expect(late.session).toBeUndefined();
  });

  it("still accepts a link 14 minutes old", async () => {
    const link = await linkFor(STAFF);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 14 * 60_000 });
    expect((await openSignInLink(link)).session?.value).toBeTruthy();
  });

  it("voids the first link when a second is asked for; the second works", async () => {
    const first = await linkFor(STAFF);
    const second = await linkFor(STAFF);
    expect(second).not.toBe(first);
    expect((await openSignInLink(first)).redirect).toContain("error=Verification");
    expect((await openSignInLink(second)).session?.value).toBeTruthy();
  });

  it("keeps no usable token in the database: only its hash", async () => {
    const link = await linkFor(STAFF);
    const token = new URL(link).searchParams.get("token")!;
    const rows = await db.verificationToken.findMany();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("refuses a link whose owner was removed after asking for it", async () => {
    const link = await linkFor(STAFF);
    await db.user.update({ where: { email: STAFF }, data: { removedAt: new Date() } });
    const opened = await openSignInLink(link);
    expect(opened.redirect).toContain("error=AccessDenied");
    expect(opened.session).toBeUndefined();
  });
});

describe("next-auth's own sign-in endpoint", () => {
  it("answers a staff address and a stranger's alike, even with a valid CSRF token, and sends nothing", async () => {
    const answers = [];
    for (const email of [STAFF, STRANGER]) {
      const response = await askNextAuthForLink(email);
      answers.push({
        status: response.status,
        redirect: response.redirect,
        body: response.body,
        cookies: response.cookies?.map((cookie) => cookie.name),
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(await distinctWork()).toEqual({ tokens: 0, emails: 0 });
  });

  it("is not served at all: the app's route answers 404 before next-auth sees the request", async () => {
    const { POST: nextAuthPost } = await import("@/app/api/auth/[...nextauth]/route");
    const answers = [];
    for (const email of [STAFF, STRANGER]) {
      const request = new Request(`${APP}/api/auth/signin/email`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email, csrfToken: "x" }),
      });
      const response = await nextAuthPost(request, { params: Promise.resolve({ nextauth: ["signin", "email"] }) });
      answers.push({ status: response.status, body: await response.text() });
    }
    expect(answers[0]).toEqual({ status: 404, body: "Not found" });
    expect(answers[1]).toEqual(answers[0]);
  });
});
