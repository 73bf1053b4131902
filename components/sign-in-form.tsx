"use client";

import { useState, type FormEvent } from "react";
import { signInRequestInput } from "@/lib/auth/sign-in-request-input";
import { TextField } from "./text-field";

/**
 * A plain form post to /staff/sign-in/request, which answers every address with the same page.
 * The address is checked here first so a typo is explained without losing what was typed.
 */
export function SignInForm({ callbackUrl, error: serverError }: { callbackUrl: string; error?: string }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>(serverError);
  const [pending, setPending] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    const parsed = signInRequestInput.shape.email.safeParse(email);
    if (!parsed.success) {
      event.preventDefault();
      setError(parsed.error.issues[0]?.message ?? "Enter an email address like name@example.org.");
      return;
    }
    setError(undefined);
    setPending(true);
  }

  return (
    <form method="post" action="/staff/sign-in/request" onSubmit={submit} noValidate className="card">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField name="email" label="Email" type="email" autoComplete="email" error={error} value={email} onChange={(event) => setEmail(event.target.value)} />
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send sign-in link"}
      </button>
    </form>
  );
}
