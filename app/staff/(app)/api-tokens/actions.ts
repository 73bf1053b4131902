"use server";

import { revalidatePath } from "next/cache";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/api-tokens/api-token-input";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { fieldErrorsOf, formOutcome, formValues, type FormState } from "@/lib/forms/form-state";

const CREATE_FIELDS = ["name", "role", "expiresOn"] as const;
type CreateField = (typeof CREATE_FIELDS)[number];

/** The create form's state: on success it also carries the secret, which exists nowhere else. */
export type CreateApiTokenState = FormState<CreateField> & { secret?: string };

export async function createApiTokenAction(
  _previous: CreateApiTokenState,
  formData: FormData,
): Promise<CreateApiTokenState> {
  const context = await requireStaff("api_tokens.manage");
  const values = formValues(formData, CREATE_FIELDS);
  const parsed = createApiTokenInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<CreateField>(parsed.error) };
  try {
    const { token, secret } = await createApiToken(context, {
      name: parsed.data.name,
      role: parsed.data.role,
      expiresAt: parsed.data.expiresOn,
    });
    revalidatePath("/staff/api-tokens");
    return { ...formOutcome({ done: `Token "${token.name}" created with the ${token.role} role.` }), secret };
  } catch (error) {
    return formFailure(error, values, CREATE_FIELDS);
  }
}

export async function revokeApiTokenAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const context = await requireStaff("api_tokens.manage");
  const parsed = revokeApiTokenInput.safeParse({ tokenId: formData.get("tokenId") });
  if (!parsed.success) return formOutcome({ formError: parsed.error.issues[0]?.message });
  try {
    const result = await revokeApiToken(context, parsed.data);
    revalidatePath("/staff/api-tokens");
    const done = result.revoked
      ? `"${result.name}" is revoked: calls with it are refused from now on.`
      : `"${result.name}" was already revoked.`;
    return formOutcome({ done });
  } catch (error) {
    return formFailure(error, {});
  }
}
