import { z } from "zod";
import { singleLineText } from "@/lib/text/user-text";
import { WEBHOOK_EVENT_TYPES } from "./webhook-events";

const id = (what: string) => z.string().min(1, `Choose ${what}.`).max(100);

export const registerWebhookInput = z.object({
  url: singleLineText("URL", 2000, { required: "Enter the URL that should receive the events." }),
  description: singleLineText("Description", 200),
  events: z
    .array(z.enum(WEBHOOK_EVENT_TYPES, { error: "Choose events from the list." }))
    .min(1, "Choose at least one event."),
});

export const endpointInput = z.object({ endpointId: id("an endpoint") });
export const setEnabledInput = endpointInput.extend({
  enabled: z.enum(["true", "false"]).transform((v) => v === "true"),
});
export const deliveryInput = z.object({ deliveryId: id("a delivery") });
