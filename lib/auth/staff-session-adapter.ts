import "server-only";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db/client";
import { pgPool, preparedStatement } from "@/lib/db/pg-pool";
import { sha256Hex } from "@/lib/crypto/hashing";
import type { StaffRole } from "@/lib/db/generated/enums";
import { sessionMaxSeconds } from "./session-lifetime";

/** What "Session"."sessionToken" holds: a copy of the database (or a backup) gives no usable cookie. */
export function sessionTokenHash(cookieValue: string): string {
  return sha256Hex(cookieValue);
}

function absoluteEnd(createdAt: Date): Date {
  return new Date(createdAt.getTime() + sessionMaxSeconds() * 1000);
}

function earlier(a: Date, b: Date): Date {
  return a.getTime() <= b.getTime() ? a : b;
}

/**
 * Every staff page and action reads its session and the member's row: one prepared statement on the
 * plain pg pool, where Prisma's query compiler cost several milliseconds of CPU per page for it.
 * Timestamps leave as UTC instants (AT TIME ZONE 'UTC'): pg would read a bare timestamp in the
 * server's local zone. The user's columns are named, never `u.*`, as a prepared statement needs.
 */
const SESSION_AND_USER = `
  SELECT s.id, s."userId", s.expires AT TIME ZONE 'UTC' AS expires, s."createdAt" AT TIME ZONE 'UTC' AS "createdAt",
    u.email, u.name, u.image, u.role::text AS role, u."emailVerified" AT TIME ZONE 'UTC' AS "emailVerified",
    u."removedAt" AT TIME ZONE 'UTC' AS "removedAt", u."createdAt" AT TIME ZONE 'UTC' AS "userCreatedAt"
  FROM "Session" s JOIN "User" u ON u.id = s."userId"
  WHERE s."sessionToken" = $1`;

type SessionAndUserRow = {
  id: string;
  userId: string;
  expires: Date;
  createdAt: Date;
  email: string;
  name: string | null;
  image: string | null;
  role: StaffRole;
  emailVerified: Date | null;
  removedAt: Date | null;
  userCreatedAt: Date;
};

/** The member's row as Prisma's `User` would have it: what the session callback reads. */
function userOf(row: SessionAndUserRow) {
  const { userId: id, email, name, image, role, emailVerified, removedAt, userCreatedAt: createdAt } = row;
  return { id, email, name, image, role, emailVerified, removedAt, createdAt };
}

/**
 * next-auth's database sessions slide `expires` by maxAge on use (our idle limit) and store the
 * cookie value as the key. This wrapper stores only its hash and adds the absolute limit, counted
 * from the session's creation, which next-auth knows nothing about.
 */
export function withStaffSessions(base: Adapter): Adapter {
  return {
    ...base,
    async createSession({ sessionToken, userId, expires }) {
      const createdAt = new Date();
      const end = absoluteEnd(createdAt);
      await db.session.create({
        data: { sessionToken: sessionTokenHash(sessionToken), userId, expires: earlier(expires, end), createdAt },
      });
      // next-auth gives the cookie this expiry: the cookie may live to the absolute end, while the
      // idle limit is enforced here, on the server, where a client cannot stretch it.
      return { sessionToken, userId, expires: end };
    },
    async getSessionAndUser(sessionToken) {
      const {
        rows: [row],
      } = await pgPool().query<SessionAndUserRow>(
        preparedStatement(SESSION_AND_USER, [sessionTokenHash(sessionToken)]),
      );
      if (!row) return null;
      const end = absoluteEnd(row.createdAt);
      if (end.getTime() <= Date.now()) {
        await db.session.deleteMany({ where: { id: row.id } });
        return null;
      }
      const adapterSession: AdapterSession = {
        sessionToken,
        userId: row.userId,
        expires: earlier(row.expires, end),
      };
      return { session: adapterSession, user: userOf(row) as AdapterUser };
    },
    async updateSession({ sessionToken, expires }) {
      const row = await db.session.findUnique({ where: { sessionToken: sessionTokenHash(sessionToken) } });
      if (!row) return null;
      const end = absoluteEnd(row.createdAt);
      const next = expires ? earlier(expires, end) : row.expires;
      await db.session.update({ where: { id: row.id }, data: { expires: next } });
      return { sessionToken, userId: row.userId, expires: next };
    },
    async deleteSession(sessionToken) {
      // deleteMany: signing out twice, or after the session expired, is not an error.
      await db.session.deleteMany({ where: { sessionToken: sessionTokenHash(sessionToken) } });
    },
  };
}
