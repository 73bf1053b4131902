// Every setting the running app reads from its environment, with its default. The start script
// (scripts/start.ts) fills in DATABASE_URL, SMTP_URL and NEXTAUTH_SECRET when they are unset.
export function appUrl(): string {
  const fallback = `http://localhost:${process.env.PORT ?? "3000"}`;
  return (process.env.APP_URL || fallback).replace(/\/+$/, "");
}

export function mailFrom(): string {
  return process.env.MAIL_FROM || "Imprimatur <no-reply@imprimatur.localhost>";
}

export function publisherName(): string {
  return process.env.PUBLISHER_NAME || "PMLR";
}

export function signingLinkDays(): number {
  const days = Number(process.env.SIGNING_LINK_DAYS ?? 30);
  return Number.isFinite(days) && days > 0 ? days : 30;
}
