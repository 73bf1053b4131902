import "server-only";
import type { Adapter, AdapterSession, AdapterUser } from "next-auth/adapters";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hashing";
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
      const row = await db.session.findUnique({
        where: { sessionToken: sessionTokenHash(sessionToken) },
        include: { user: true },
      });
      if (!row) return null;
      const end = absoluteEnd(row.createdAt);
      if (end.getTime() <= Date.now()) {
        await db.session.deleteMany({ where: { id: row.id } });
        return null;
      }
      const { user, ...session } = row;
      const adapterSession: AdapterSession = {
        sessionToken,
        userId: session.userId,
        expires: earlier(session.expires, end),
      };
      return { session: adapterSession, user: user as unknown as AdapterUser };
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
