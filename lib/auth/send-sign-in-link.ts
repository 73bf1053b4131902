import "server-only";
import { db } from "@/lib/db/client";
import { contextFromPayload } from "@/lib/audit/audit-context";
import { recordEvent } from "@/lib/audit/record-event";
import { queueEmail, SECRET_LINK } from "@/lib/mail/outbox";
import { signInEmail } from "@/lib/mail/templates/sign-in-email";
import type { JobPayloads } from "@/lib/queue/jobs";
import { SIGN_IN_LINK_MINUTES } from "./session-lifetime";
import { newSignInToken, signInLink, signInTokenHash } from "./sign-in-link";

/** The job's payload: the context is the request's (staffAddressContext), so a refusal names where it came from. */
export type SendSignInLinkJob = JobPayloads["send_sign_in_link"];

/**
 * Runs in the background job queued for every sign-in request, known address or not: only here
 * is it decided whether the address is active staff, so the request itself does the same work
 * and takes the same time for everyone. A stranger and a removed member get nothing.
 */
export async function sendSignInLink({
  email,
  callbackUrl,
  context,
}: SendSignInLinkJob): Promise<"sent" | "unknown" | "removed"> {
  const staff = await db.user.findUnique({ where: { email }, select: { removedAt: true } });
  if (!staff) return "unknown";
  if (staff.removedAt) {
    await db.$transaction((tx) =>
      recordEvent(tx, contextFromPayload(context), {
        type: "staff.refused",
        data: { permission: "sign_in", reason: "removed" },
      }),
    );
    return "removed";
  }
  const token = newSignInToken();
  const url = signInLink({ token, email, callbackUrl });
  await db.$transaction(async (tx) => {
    // A new link voids every older one for the address: only the newest email signs in.
    await tx.verificationToken.deleteMany({ where: { identifier: email } });
    await tx.verificationToken.create({
      data: {
        identifier: email,
        token: signInTokenHash(token),
        expires: new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000),
      },
    });
    await queueEmail(tx, {
      kind: "sign_in_link",
      to: email,
      secretLink: url,
      ...signInEmail({ url: SECRET_LINK, host: new URL(url).host, minutes: SIGN_IN_LINK_MINUTES }),
    });
  });
  return "sent";
}
