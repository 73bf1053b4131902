"use client";

import { useState, type FormEvent } from "react";
import { TextField } from "./text-field";

/**
 * A plain form post to /staff/sign-in/request, which answers every address with the same page.
 * The address is checked here first so a typo is explained without losing what was typed; the
 * browser's own email check does it, so no validation library (zod probes eval, which the CSP
 * forbids) and no server module reaches the browser. The server checks again with zod.
 */
export function SignInForm({ callbackUrl, error: serverError }: { callbackUrl: string; error?: string }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string | undefined>(serverError);
  const [pending, setPending] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    const field = event.currentTarget.elements.namedItem("email") as HTMLInputElement;
    const problem = !email.trim()
      ? "Email is required."
      : field.validity.typeMismatch
        ? "Enter an email address like name@example.org."
        : undefined;
    if (problem) {
      event.preventDefault();
      setError(problem);
      return;
    }
    setError(undefined);
    setPending(true);
  }

  return (
    <form method="post" action="/staff/sign-in/request" onSubmit={submit} noValidate className="card">
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        error={error}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send sign-in link"}
      </button>
    </form>
  );
}
