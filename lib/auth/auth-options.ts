import "server-only";
import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";
import { PrismaAdapter } from "@next-auth/prisma-adapter";
import type { PrismaClient } from "@prisma/client";
import { db } from "@/lib/db/client";
import { appUrl } from "@/lib/config/app-config";
import { queueEmail, SECRET_LINK } from "@/lib/mail/outbox";
import { signInEmail } from "@/lib/mail/templates/sign-in-email";
import { recordEvent } from "@/lib/audit/record-event";
import { recordRefusal } from "./record-refusal";
import type { StaffRole } from "@/lib/db/generated/enums";

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; role: StaffRole; removedAt: Date | null };
  }
}

export const authOptions: NextAuthOptions = {
  // The adapter's types name @prisma/client's class; ours is generated elsewhere but identical in shape.
  adapter: PrismaAdapter(db as unknown as PrismaClient),
  session: { strategy: "database", maxAge: 7 * 24 * 60 * 60 },
  pages: { signIn: "/staff/sign-in", verifyRequest: "/staff/sign-in/check-email", error: "/staff/sign-in" },
  providers: [
    EmailProvider({
      maxAge: 24 * 60 * 60,
      // Sign-in links go through the outbox like every other email, so an SMTP outage delays them.
      async sendVerificationRequest({ identifier, url }) {
        await db.$transaction((tx) => queueEmail(tx, { kind: "sign_in_link", to: identifier, secretLink: url, ...signInEmail({ url: SECRET_LINK, host: new URL(url).host }) }));
      },
    }),
  ],
  callbacks: {
    // Only staff the database knows may receive a link; nobody else gets mail or an account.
    async signIn({ user, email }) {
      if (!user.email) return false;
      const staff = await db.user.findUnique({ where: { email: user.email.toLowerCase() }, select: { id: true, removedAt: true } });
      if (staff?.removedAt) await recordRefusal({ permission: "sign_in", actor: `staff:${user.email.toLowerCase()}`, reason: "removed" });
      // A removed staff member is treated like a stranger: no link, and an old link no longer works.
      // The same page as a real request, so the form cannot be used to learn who is staff.
      if (!staff || staff.removedAt) return email?.verificationRequest ? `${appUrl()}/staff/sign-in/check-email` : false;
      return true;
    },
    async session({ session, user }) {
      // `user` is the row the adapter just read with the session, so removal and role changes apply at once.
      const staff = user as unknown as { id: string; email: string; name?: string | null; role: StaffRole; removedAt?: Date | null };
      session.user = { id: staff.id, email: staff.email, name: staff.name, role: staff.role, removedAt: staff.removedAt ?? null };
      return session;
    },
  },
  events: {
    async signIn({ user }) {
      await db.$transaction((tx) => recordEvent(tx, { type: "staff.signed_in", actor: `staff:${user.email}` }));
    },
  },
};
