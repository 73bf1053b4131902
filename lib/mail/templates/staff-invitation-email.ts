import { emailHtml } from "./email-layout";

const ROLE_DESCRIPTION = {
  admin: "an admin: you can issue and correct agreements, run imports, read the audit log and manage the staff team",
  publisher: "a publisher: you can issue and correct agreements, manage volumes and run imports",
  auditor: "an auditor: you can read every agreement and the audit log, and download records",
} as const;

export function staffInvitationEmail(input: { role: keyof typeof ROLE_DESCRIPTION; signInUrl: string }) {
  const subject = "You have been given access to Imprimatur";
  const paragraphs = [
    `You have been given staff access to Imprimatur as ${ROLE_DESCRIPTION[input.role]}.`,
    "To sign in, open the page below and enter this email address; we will email you a sign-in link.",
  ];
  const footer = "If you did not expect this, you can ignore this email or tell the publisher.";
  const text = [...paragraphs, "", input.signInUrl, "", footer, ""].join("\n");
  return {
    subject,
    text,
    html: emailHtml({
      heading: "Welcome to Imprimatur",
      paragraphs,
      action: { label: "Sign in", url: input.signInUrl },
      footer,
    }),
  };
}
