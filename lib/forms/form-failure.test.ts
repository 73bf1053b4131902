import { notFound, redirect } from "next/navigation";
import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { ERROR_MESSAGES } from "@/lib/errors/error-messages";
import { formFailure } from "./form-failure";

const FIELDS = ["email", "role"] as const;
const typed = { email: "ada@example.org", role: "admin" };

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected it to throw");
}

describe("turning an error into what a form shows", () => {
  it("puts an error that names one of the form's fields next to that field, keeping what was typed", () => {
    const error = new AppError("ALREADY_EXISTS", { field: "email", userMessage: "This person already has access." });
    const state = formFailure(error, typed, FIELDS);
    expect(state).toEqual({ values: typed, fieldErrors: { email: "This person already has access." } });
  });

  it("puts each of several problems next to its own field, keeping what was typed", () => {
    const error = new AppError("INVALID_INPUT", {
      field: "email",
      userMessage: "Type an email address.",
      fieldErrors: { email: "Type an email address.", role: "Choose a role.", other: "Not on this form." },
    });
    expect(formFailure(error, typed, FIELDS)).toEqual({
      values: typed,
      fieldErrors: { email: "Type an email address.", role: "Choose a role." },
    });
  });

  it("shows an error naming a field the form does not have form-wide, in its own sentence", () => {
    const sentence = "Another volume already uses this short name.";
    const error = new AppError("ALREADY_EXISTS", { field: "shortName", userMessage: sentence });
    expect(formFailure(error, typed, FIELDS)).toEqual({ values: typed, fieldErrors: {}, formError: sentence });
  });

  it("does not split a sentence that happens to contain ': ', even when it starts with a field's name", () => {
    const sentence = "email: the author has already signed this agreement, and a signed agreement is final.";
    const state = formFailure(new AppError("AGREEMENT_FINAL", { userMessage: sentence }), typed, FIELDS);
    expect(state.fieldErrors).toEqual({});
    expect(state.formError).toBe(sentence);
  });

  it("shows the code's general sentence when the error has no specific one", () => {
    expect(formFailure(new AppError("LAST_ADMIN"), {}).formError).toBe(ERROR_MESSAGES.LAST_ADMIN.message);
  });

  it("answers an unexpected error with the general INTERNAL sentence, revealing nothing, and logs it once", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const bug = new TypeError("cannot read properties of undefined (reading 'secret')");
    const state = formFailure(bug, typed, FIELDS);
    expect(state).toEqual({ values: typed, fieldErrors: {}, formError: ERROR_MESSAGES.INTERNAL.message });
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(bug);
    log.mockRestore();
  });

  it("lets a Next redirect raised inside an action through instead of swallowing it", () => {
    const redirecting = thrownBy(() => redirect("/staff/agreements/a1?issued=1"));
    expect(thrownBy(() => formFailure(redirecting, typed, FIELDS))).toBe(redirecting);
  });

  it("lets notFound() through as well", () => {
    const missing = thrownBy(() => notFound());
    expect(thrownBy(() => formFailure(missing, {}))).toBe(missing);
  });
});
