import { isAppError, type AppErrorCode } from "@/lib/errors/app-error";
import { isDatabaseUnavailable } from "@/lib/errors/database-unavailable";
import type { FormState } from "@/lib/forms/form-state";
import type { Locale } from "./locales";
import { MESSAGES, translator, type Messages } from "./translator";

// The signing form's errors are worded in English where they arise (lib/, for staff, the API and
// the log); for an author reading another language they are re-worded here by what went wrong with
// which field: the field's name and what was submitted say which problem it is. English is left
// exactly as it was.

const TYPED_NAME_MAX = 200;
const REASON_MAX = 2000;
const CODE_POINT = /U\+[0-9A-F]{4,6}/;

type ErrorCode = keyof Messages["errors"];
const ERROR_CODES = new Set(Object.keys(MESSAGES.en.errors));

/** An error's title and sentence in the author's language (a code the author never meets reads INTERNAL's). */
export function localizedError(locale: Locale, code: AppErrorCode, english: { title: string; message: string }) {
  if (locale === "en") return english;
  const t = translator(locale, "errors");
  const key = (ERROR_CODES.has(code) ? code : "INTERNAL") as ErrorCode;
  return { title: t(`${key}.title`), message: t(`${key}.message`) };
}

/** The code an error thrown by an operation reads as (without logging it a second time). */
export function errorCodeOf(error: unknown): AppErrorCode {
  if (isAppError(error)) return error.code;
  return isDatabaseUnavailable(error) ? "UNAVAILABLE" : "INTERNAL";
}

/** The signing form's outcome in the author's language. */
export function localizeSignState<Field extends string>(
  locale: Locale,
  state: FormState<Field>,
  error?: unknown,
): FormState<Field> {
  if (locale === "en") return state;
  const t = translator(locale, "formErrors");
  const values = state.values as Partial<Record<string, string>>;
  const fieldErrors: Partial<Record<Field, string>> = {};
  for (const [field, english] of Object.entries(state.fieldErrors) as [Field, string][]) {
    fieldErrors[field] = fieldError(t, field, values[field] ?? "", english);
  }
  const unanswered = Object.keys(fieldErrors).filter((field) => field.startsWith("choice.")).length;
  let formError = state.formError;
  if (formError !== undefined) {
    formError =
      unanswered > 0
        ? t("questionsNeedAttention", { count: unanswered })
        : localizedError(locale, errorCodeOf(error), { title: "", message: formError }).message;
  }
  return { ...state, fieldErrors, ...(formError !== undefined ? { formError } : {}) };
}

type FormErrors = ReturnType<typeof translator<"formErrors">>;

function fieldError(t: FormErrors, field: string, value: string, english: string): string {
  const character = english.match(CODE_POINT)?.[0];
  const blank = value.trim() === "";
  if (field === "typedName") {
    if (blank) return t("typedNameRequired");
    if (value.length > TYPED_NAME_MAX) return t("typedNameTooLong", { max: TYPED_NAME_MAX });
    return character ? t("typedNameCharacter", { character }) : english;
  }
  if (field === "reason") {
    if (blank) return t("reasonRequired");
    if (value.length > REASON_MAX) return t("reasonTooLong", { max: REASON_MAX });
    return character ? t("reasonCharacter", { character }) : english;
  }
  if (field === "agreed") return t("agreedRequired");
  if (field.endsWith(".detail")) {
    if (blank) return t("detailMissing");
    if (character) return t("detailCharacter", { character });
    return t("detailTooLong");
  }
  if (field.startsWith("choice.")) return blank ? t("choiceUnanswered") : t("choiceUnknown");
  return english;
}
