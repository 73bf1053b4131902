import { z } from "zod";

export const STAFF_HOME = "/staff";

/** Where to go after signing in: a path on this site only, so a link cannot send staff elsewhere. */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== "string" || value.length > 500) return STAFF_HOME;
  return value.startsWith("/") && !value.startsWith("//") && !value.includes("\\") ? value : STAFF_HOME;
}

/** The sign-in form as the server checks it (the browser only checks the address is one). */
export const signInRequestInput = z.object({
  email: z
    .string({ error: "Email is required." })
    .trim()
    .min(1, "Email is required.")
    .max(254, "Email must be at most 254 characters.")
    .pipe(z.email("Enter an email address like name@example.org."))
    // next-auth looks staff up, and matches a link, by the lower-cased address.
    .transform((email) => email.toLowerCase()),
  callbackUrl: z.unknown().transform(safeCallbackPath),
});

export type SignInRequest = z.output<typeof signInRequestInput>;
