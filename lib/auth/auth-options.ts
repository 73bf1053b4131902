import "server-only";
import { randomBytes } from "node:crypto";
import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { PrismaClient } from "@prisma/client";
import { db } from "@/lib/db/client";
import { staffAddressContext } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { requestOrigin } from "@/lib/http/requester";
import { recordRefusal } from "./record-refusal";
import { SIGN_IN_LINK_MINUTES, sessionIdleSeconds } from "./session-lifetime";
import { withStaffSessions } from "./staff-session-adapter";
import type { StaffRole } from "@/lib/db/generated/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; role: StaffRole; removedAt: Date | null };
  }
}

/** Cookies carry `Secure` (and next-auth's `__Secure-` prefix) whenever the public URL is https. */
export function publicUrlIsHttps(): boolean {
  return [process.env.APP_URL, process.env.NEXTAUTH_URL].some((url) =>
    url?.trim().toLowerCase().startsWith("https://"),
  );
}

/** Built from the environment at call time; `authOptions` below is the one the app uses. */
export function buildAuthOptions(): NextAuthOptions {
  return {
    // The adapter's types name @prisma/client's class; ours is generated elsewhere but identical in shape.
    adapter: withStaffSessions(PrismaAdapter(db as unknown as PrismaClient)),
    // maxAge is the idle limit (next-auth slides `expires` by it on use, at most once a minute);
    // the absolute limit is the adapter wrapper's.
    session: {
      strategy: "database",
      maxAge: sessionIdleSeconds(),
      updateAge: 60,
      generateSessionToken: () => randomBytes(32).toString("base64url"),
    },
    // next-auth's cookies are HttpOnly and SameSite=Lax already; this adds Secure over https.
    useSecureCookies: publicUrlIsHttps(),
    pages: { signIn: "/staff/sign-in", verifyRequest: "/staff/sign-in/check-email", error: "/staff/sign-in" },
    providers: [
      EmailProvider({
        maxAge: SIGN_IN_LINK_MINUTES * 60,
        // Links are not requested through next-auth (app/api/auth refuses its sign-in POST): the form
        // posts to /staff/sign-in/request and the link is emailed by lib/auth/send-sign-in-link.ts.
        // next-auth's provider only checks the link at /api/auth/callback/email.
        async sendVerificationRequest() {
          throw new Error("Sign-in links are sent by lib/auth/send-sign-in-link.ts");
        },
      }),
    ],
    callbacks: {
      async signIn({ user, email }) {
        // next-auth's own "send me a link" step (closed in app/api/auth, and refused here too should
        // anything reach it): the same page for everyone, before any lookup, and no link.
        if (email?.verificationRequest) return "/staff/sign-in/check-email";
        // When a link is used: a member removed after asking for it is refused.
        if (!user.email) return false;
        const address = user.email.toLowerCase();
        const staff = await db.user.findUnique({ where: { email: address }, select: { id: true, removedAt: true } });
        if (staff?.removedAt) {
          const context = staffAddressContext(address, await requestOrigin());
          await recordRefusal(context, { permission: "sign_in", reason: "removed" });
        }
        return Boolean(staff && !staff.removedAt);
      },
      async session({ session, user }) {
        // `user` is the row the adapter just read with the session, so removal and role changes apply at once.
        const staff = user as unknown as {
          id: string;
          email: string;
          name?: string | null;
          role: StaffRole;
          removedAt?: Date | null;
        };
        session.user = {
          id: staff.id,
          email: staff.email,
          name: staff.name,
          role: staff.role,
          removedAt: staff.removedAt ?? null,
        };
        return session;
      },
    },
    events: {
      async signIn({ user }) {
        // Runs inside the request that used the link: record who used it, like every other event.
        const context = staffAddressContext(user.email ?? "", await requestOrigin());
        await db.$transaction((tx) => recordEvent(tx, context, { type: "staff.signed_in" }));
      },
    },
  };
}

export const authOptions: NextAuthOptions = buildAuthOptions();
