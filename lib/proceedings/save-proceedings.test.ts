import { describe, expect, it, vi } from "vitest";
import { saveProceedingsAction } from "@/app/staff/(app)/proceedings/actions";
import { isAppError } from "@/lib/errors/app-error";
import { formOutcome } from "@/lib/forms/form-state";
import { staffActing } from "@/test/contexts";
import { saveProceedings } from "./save-proceedings";

// The action runs here outside a Next.js request: who is signed in and the client's address are the
// two things only a request provides, so only they are stood in for.
const editor = { id: "staff-1", email: "editor@example.org", role: "admin" as const };
vi.mock("@/lib/auth/require-staff", async () => {
  const { staffContext } = await import("@/lib/audit/audit-context");
  const origin = { ip: "203.0.113.9", userAgent: "vitest" };
  return { requireStaff: vi.fn(async () => ({ ...staffContext(editor, origin), staff: editor })) };
});

const STAFF = staffActing("editor@example.org", { ip: null, userAgent: null });
const unique = () => Math.random().toString(36).slice(2, 8);

function volume(name: string, shortName: string | null) {
  return { name, shortName, publisherName: null, deadline: null, linkExpiryDays: 30, reminderDays: [] };
}

function form(fields: Record<string, string>) {
  const data = new FormData();
  const all = { publisherName: "", deadline: "", linkExpiryDays: "30", reminderDays: "", ...fields };
  for (const [key, value] of Object.entries(all)) data.set(key, value);
  return data;
}

async function refusalOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("unique volume names", () => {
  it("refuses a duplicate short name as ALREADY_EXISTS on the shortName field", async () => {
    const short = `v${unique()}`;
    await saveProceedings(STAFF, volume(`Volume ${unique()}`, short));
    const error = await refusalOf(saveProceedings(STAFF, volume(`Volume ${unique()}`, short)));
    expect(isAppError(error, "ALREADY_EXISTS")).toBe(true);
    expect(error).toMatchObject({ field: "shortName", userMessage: "Another volume already uses this short name." });
  });

  it("refuses a duplicate name as ALREADY_EXISTS on the name field", async () => {
    const name = `Volume ${unique()}`;
    await saveProceedings(STAFF, volume(name, null));
    const error = await refusalOf(saveProceedings(STAFF, volume(name, null)));
    expect(isAppError(error, "ALREADY_EXISTS")).toBe(true);
    expect(error).toMatchObject({ field: "name", userMessage: "Another volume already has this name." });
  });

  it("shows a duplicate short name sent through the volume form by its field, keeping what was typed", async () => {
    const short = `v${unique()}`;
    await saveProceedings(STAFF, volume(`Volume ${unique()}`, short));
    const typed = `Volume ${unique()}`;
    const state = await saveProceedingsAction(null, formOutcome(), form({ name: typed, shortName: short }));
    expect(state.fieldErrors).toEqual({ shortName: "Another volume already uses this short name." });
    expect(state.formError).toBeUndefined();
    expect(state.values).toMatchObject({ name: typed, shortName: short });
  });
});
