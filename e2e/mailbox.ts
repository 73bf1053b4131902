import { expect } from "@playwright/test";
import { E2E } from "../playwright.config";

type InboxEmail = { id: string; subject: string; text: string; html: string; to: { address: string }[] };

/** Waits for MailDev, the real SMTP server the app sent to, to hold an email for `to` matching `subject`. */
export async function emailsTo(to: string, subject: RegExp): Promise<InboxEmail[]> {
  const response = await fetch(`http://127.0.0.1:${E2E.inboxPort}/api/email`);
  const emails = (await response.json()) as InboxEmail[];
  return emails.filter((email) => email.to.some((r) => r.address === to) && subject.test(email.subject));
}

/** The newest matching email, once more than `alreadySeen` of them have arrived. */
export async function waitForEmail(to: string, subject: RegExp, alreadySeen = 0): Promise<InboxEmail> {
  let found: InboxEmail | undefined;
  await expect
    .poll(
      async () => {
        const matching = await emailsTo(to, subject);
        found = matching.length > alreadySeen ? matching.at(-1) : undefined;
        return Boolean(found);
      },
      { timeout: 30_000, message: `an email to ${to} with subject ${subject}` },
    )
    .toBe(true);
  return found!;
}

export function firstUrl(text: string): string {
  const url = /https?:\/\/\S+/.exec(text)?.[0];
  if (!url) throw new Error(`No link in the email:\n${text}`);
  return url;
}
