// A signed-in staff member for tests that talk to a running server over HTTP: a user with the role
// and a database session, as next-auth stores it (the token hashed), and the cookie that carries it.
import { randomBytes } from "node:crypto";
import { sessionTokenHash } from "@/lib/auth/staff-session-adapter";
import { db } from "@/lib/db/client";

export async function staffSessionCookie(role: "admin" | "publisher" | "auditor" = "publisher"): Promise<string> {
  const user = await db.user.create({ data: { email: `${role}-${randomBytes(4).toString("hex")}@example.org`, role } });
  const sessionToken = randomBytes(32).toString("hex");
  await db.session.create({
    data: { sessionToken: sessionTokenHash(sessionToken), userId: user.id, expires: new Date(Date.now() + 3600_000) },
  });
  return `next-auth.session-token=${sessionToken}`;
}
