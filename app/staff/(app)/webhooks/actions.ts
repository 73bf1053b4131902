"use server";

import { revalidatePath } from "next/cache";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { fieldErrorsOf, formOutcome, type FormState } from "@/lib/forms/form-state";
import { deleteWebhookEndpoint } from "@/lib/webhooks/delete-webhook-endpoint";
import { registerWebhookEndpoint } from "@/lib/webhooks/register-webhook-endpoint";
import { resendWebhookDelivery } from "@/lib/webhooks/resend-webhook-delivery";
import { rotateWebhookSecret } from "@/lib/webhooks/rotate-webhook-secret";
import { setWebhookEndpointEnabled } from "@/lib/webhooks/set-webhook-endpoint-enabled";
import { deliveryInput, endpointInput, registerWebhookInput, setEnabledInput } from "@/lib/webhooks/webhook-input";

const REGISTER_FIELDS = ["url", "description", "events"] as const;
type RegisterField = (typeof REGISTER_FIELDS)[number];

/** A form state that may carry a signing secret, shown once in the form that asked for it. */
export type SecretFormState<Field extends string = never> = FormState<Field> & { secret?: string };

const PAGE = "/staff/webhooks";

export async function registerWebhookAction(
  _previous: SecretFormState<RegisterField>,
  formData: FormData,
): Promise<SecretFormState<RegisterField>> {
  const context = await requireStaff("webhooks.manage");
  const events = formData.getAll("events").map(String);
  const values = {
    url: String(formData.get("url") ?? ""),
    description: String(formData.get("description") ?? ""),
    events: events.join(","),
  };
  const parsed = registerWebhookInput.safeParse({ ...values, events });
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<RegisterField>(parsed.error) };
  try {
    const { secret } = await registerWebhookEndpoint(context, parsed.data);
    revalidatePath(PAGE);
    return { ...formOutcome({ done: `Registered ${parsed.data.url}.` }), secret };
  } catch (error) {
    return formFailure(error, values, REGISTER_FIELDS);
  }
}

export async function rotateWebhookSecretAction(_previous: SecretFormState, formData: FormData) {
  const context = await requireStaff("webhooks.manage");
  const parsed = endpointInput.safeParse({ endpointId: formData.get("endpointId") });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    const { secret, previousExpiresAt } = await rotateWebhookSecret(context, parsed.data);
    revalidatePath(PAGE);
    const until = previousExpiresAt.toISOString().replace("T", " ").slice(0, 16);
    return { ...formOutcome({ done: `New secret made. The old one keeps signing too until ${until} UTC.` }), secret };
  } catch (error) {
    return formFailure(error, {});
  }
}

export async function setWebhookEnabledAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const context = await requireStaff("webhooks.manage");
  const parsed = setEnabledInput.safeParse({
    endpointId: formData.get("endpointId"),
    enabled: formData.get("enabled"),
  });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    await setWebhookEndpointEnabled(context, parsed.data);
    revalidatePath(PAGE);
    return formOutcome({ done: parsed.data.enabled ? "Enabled." : "Disabled: nothing is sent to it." });
  } catch (error) {
    return formFailure(error, {});
  }
}

export async function deleteWebhookAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const context = await requireStaff("webhooks.manage");
  const parsed = endpointInput.safeParse({ endpointId: formData.get("endpointId") });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    const { url } = await deleteWebhookEndpoint(context, parsed.data);
    revalidatePath(PAGE);
    return formOutcome({ done: `Deleted ${url} and its delivery log.` });
  } catch (error) {
    return formFailure(error, {});
  }
}

export async function resendWebhookAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const context = await requireStaff("webhooks.manage");
  const parsed = deliveryInput.safeParse({ deliveryId: formData.get("deliveryId") });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    await resendWebhookDelivery(context, parsed.data);
    revalidatePath(PAGE);
    return formOutcome({ done: "Queued: it is sent again now." });
  } catch (error) {
    return formFailure(error, {});
  }
}
