"use client";

import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { TextField } from "./text-field";

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = email.trim();
    if (!address) return setError("Email is required.");
    if (address.length > 254) return setError("Email must be at most 254 characters.");
    if (!EMAIL_SHAPE.test(address)) return setError("Enter an email address like name@example.org.");
    setError(undefined);
    setPending(true);
    try {
      const result = await signIn("email", { email: address, callbackUrl, redirect: false });
      // Known or not, the answer is the same: the form must not reveal who is staff.
      if (result?.error && result.error !== "AccessDenied") setError("The sign-in link could not be sent. Please try again in a moment.");
      else setSentTo(address);
    } catch {
      setError("The sign-in link could not be sent. Please try again in a moment.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="card">
      {sentTo ? (
        <p className="notice ok" role="status">
          If {sentTo} belongs to a staff account, a sign-in link is on its way. Check your inbox; the link works once and expires in 24 hours.
        </p>
      ) : null}
      <TextField name="email" label="Email" type="email" autoComplete="email" error={error} value={email} onChange={(event) => setEmail(event.target.value)} />
      <button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Send sign-in link"}
      </button>
    </form>
  );
}
