import { emailHtml } from "./email-layout";

export function signInEmail(input: { url: string; host: string; minutes: number }) {
  const subject = `Sign in to Imprimatur`;
  const paragraphs = [
    `Use the link below to sign in to Imprimatur at ${input.host}. It works once and expires in ${input.minutes} minutes; asking for another link makes this one stop working.`,
  ];
  const footer = "If you did not ask to sign in, you can ignore this email.";
  const text = [...paragraphs, "", input.url, "", footer, ""].join("\n");
  return {
    subject,
    text,
    html: emailHtml({
      heading: "Sign in to Imprimatur",
      paragraphs,
      action: { label: "Sign in", url: input.url },
      footer,
    }),
  };
}
