import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { staffAddressContext } from "@/lib/audit/audit-context";
import { sha256Hex } from "@/lib/crypto/hashing";
import { latestSignInLink, nextAuth, openSignInLink, runSignInJobs, signOut } from "@/test/staff-sign-in-fixtures";
import { requestSignInLink } from "./request-sign-in-link";

const STAFF = "session.keeper@imprimatur.test";
const MINUTE = 60_000;

let now = Date.now();
/** Moves the app's clock (Date only: timers and the database keep real time). */
function clockAt(time: number) {
  now = time;
  vi.useFakeTimers({ toFake: ["Date"], now });
}

let ip = 1;
async function signIn() {
  await requestSignInLink(staffAddressContext(STAFF, { ip: `192.0.2.${ip++}`, userAgent: null }), {
    email: STAFF,
    callbackUrl: "/staff/agreements",
  });
  await runSignInJobs();
  const { session } = await openSignInLink((await latestSignInLink(STAFF))!);
  if (!session) throw new Error("sign-in failed");
  return session;
}

/** Asks next-auth for the session, as every staff page does; the user's email, or null when refused. */
async function sessionUser(cookie: { name: string; value: string }): Promise<string | null> {
  const response = await nextAuth("session", { [cookie.name]: cookie.value });
  return (response.body as { user?: { email?: string } } | undefined)?.user?.email ?? null;
}

beforeEach(async () => {
  vi.useRealTimers();
  await db.session.deleteMany();
  await db.$executeRawUnsafe(`DELETE FROM "RateLimitBucket"`);
  await db.user.upsert({
    where: { email: STAFF },
    update: { removedAt: null },
    create: { email: STAFF, role: "publisher" },
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("staff sessions", () => {
  it("keeps only a hash of the cookie in the Session table", async () => {
    const cookie = await signIn();
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "Session"`);
    expect(rows).toHaveLength(1);
    for (const value of Object.values(rows[0])) expect(String(value)).not.toContain(cookie.value);
    expect(rows[0].sessionToken).toBe(sha256Hex(cookie.value));
    // The stored value is no cookie: presented as one, it opens nothing.
    expect(await sessionUser({ name: cookie.name, value: String(rows[0].sessionToken) })).toBeNull();
    expect(await sessionUser(cookie)).toBe(STAFF);
  });

  it("slides while in use: used every 100 minutes, it lasts past the idle limit", async () => {
    const start = Date.now();
    const cookie = await signIn();
    for (let minutes = 100; minutes <= 600; minutes += 100) {
      clockAt(start + minutes * MINUTE);
      expect(await sessionUser(cookie)).toBe(STAFF);
    }
  });

  it("ends after 2 hours and 1 minute unused", async () => {
    const start = Date.now();
    const cookie = await signIn();
    clockAt(start + 121 * MINUTE);
    expect(await sessionUser(cookie)).toBeNull();
    expect(await db.session.count()).toBe(0);
  });

  it("ends 12 hours and 1 minute after sign-in even if it was used a minute before", async () => {
    const start = Date.now();
    const cookie = await signIn();
    for (let minutes = 100; minutes <= 700; minutes += 100) {
      clockAt(start + minutes * MINUTE);
      expect(await sessionUser(cookie)).toBe(STAFF);
    }
    clockAt(start + 720 * MINUTE);
    expect(await sessionUser(cookie)).toBe(STAFF);
    clockAt(start + 721 * MINUTE);
    expect(await sessionUser(cookie)).toBeNull();
  });

  it("keeps both limits whatever the server's time zone (the session is read as UTC instants)", async () => {
    const zone = process.env.TZ;
    // pg reads a bare timestamp in the process's zone: west of UTC, a session read that way would
    // look younger than it is and outlive the absolute limit by hours.
    process.env.TZ = "America/New_York";
    try {
      const start = Date.now();
      const cookie = await signIn();
      for (let minutes = 100; minutes <= 700; minutes += 100) {
        clockAt(start + minutes * MINUTE);
        expect(await sessionUser(cookie)).toBe(STAFF);
      }
      clockAt(start + 721 * MINUTE);
      expect(await sessionUser(cookie)).toBeNull();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("reads both limits from the environment", async () => {
    vi.stubEnv("STAFF_SESSION_IDLE_MINUTES", "30");
    vi.stubEnv("STAFF_SESSION_MAX_HOURS", "1");
    try {
      const start = Date.now();
      const cookie = await signIn();
      clockAt(start + 29 * MINUTE);
      expect(await sessionUser(cookie)).toBe(STAFF);
      clockAt(start + 58 * MINUTE);
      expect(await sessionUser(cookie)).toBe(STAFF);
      clockAt(start + 61 * MINUTE);
      expect(await sessionUser(cookie)).toBeNull();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("signing out deletes the session row, found by the cookie's hash", async () => {
    const cookie = await signIn();
    expect(await db.session.count()).toBe(1);
    await signOut(cookie);
    expect(await db.session.count()).toBe(0);
    expect(await sessionUser(cookie)).toBeNull();
  });
});

describe("session cookies", () => {
  it("are HttpOnly and SameSite=Lax, and Secure with the __Secure- prefix when APP_URL is https", async () => {
    const plain = await signIn();
    expect(plain).toMatchObject({
      name: "next-auth.session-token",
      options: { httpOnly: true, sameSite: "lax", secure: false },
    });
    vi.stubEnv("APP_URL", "https://imprimatur.example");
    try {
      const secure = await signIn();
      expect(secure).toMatchObject({
        name: "__Secure-next-auth.session-token",
        options: { httpOnly: true, sameSite: "lax", secure: true },
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("may live to the absolute limit, never longer", async () => {
    const before = Date.now();
    const cookie = await signIn();
    const expires = (cookie.options.expires as Date).getTime();
    expect(expires).toBeGreaterThan(before + 12 * 60 * MINUTE - MINUTE);
    expect(expires).toBeLessThanOrEqual(Date.now() + 12 * 60 * MINUTE);
  });
});
