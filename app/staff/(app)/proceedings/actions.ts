"use server";

import { redirect } from "next/navigation";
import { requireStaff } from "@/lib/auth/require-staff";
import { formFailure } from "@/lib/forms/form-failure";
import { fieldErrorsOf, formValues, type FormState } from "@/lib/forms/form-state";
import { PROCEEDINGS_FIELDS, proceedingsInput } from "@/lib/proceedings/proceedings-input";
import { saveProceedings } from "@/lib/proceedings/save-proceedings";

type Field = (typeof PROCEEDINGS_FIELDS)[number];

export async function saveProceedingsAction(
  id: string | null,
  _previous: FormState<Field>,
  formData: FormData,
): Promise<FormState<Field>> {
  const context = await requireStaff("proceedings.manage");
  const values = formValues(formData, PROCEEDINGS_FIELDS);
  const parsed = proceedingsInput.safeParse(values);
  if (!parsed.success) return { values, fieldErrors: fieldErrorsOf<Field>(parsed.error) };
  let volumeId: string;
  try {
    volumeId = (await saveProceedings(context, { ...parsed.data, id: id ?? undefined })).id;
  } catch (error) {
    return formFailure(error, values, PROCEEDINGS_FIELDS);
  }
  redirect(`/staff/proceedings/${volumeId}`);
}
