import { emailHtml } from "./email-layout";

/** To every admin when a webhook endpoint kept failing and was switched off. */
export function webhookDisabledEmail(input: { url: string; failingSince: Date; lastError: string; pageUrl: string }) {
  const subject = "A webhook endpoint was disabled";
  const paragraphs = [
    `Deliveries to ${input.url} have failed since ${input.failingSince.toISOString()} (the last: ${input.lastError}), ` +
      "so Imprimatur has stopped sending to it.",
    "Once the receiver works again, enable the endpoint on the webhooks page and send again the deliveries it missed.",
  ];
  const text = [...paragraphs, "", input.pageUrl, ""].join("\n");
  return {
    subject,
    text,
    html: emailHtml({
      heading: "A webhook endpoint was disabled",
      paragraphs,
      action: { label: "Open the webhooks page", url: input.pageUrl },
    }),
  };
}
