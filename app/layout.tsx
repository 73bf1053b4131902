import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { SIGNING_LINK_PASS_HEADER } from "@/lib/agreements/signing-link-pass";
import { LOCALE_TAGS } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/request-locale";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Imprimatur", template: "%s · Imprimatur" },
  description: "Publication agreements, signed and sealed.",
};

// Every page is rendered per request: Next puts the request's CSP nonce (set by the front door,
// scripts/web-server.ts) on its scripts only while rendering, so a page prerendered at build time
// would carry none and its scripts would be blocked.
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  // A signing page (the proxy passed its link) speaks the author's language; staff pages stay English.
  const requestHeaders = await headers();
  const lang = requestHeaders.has(SIGNING_LINK_PASS_HEADER) ? LOCALE_TAGS[requestLocale(requestHeaders)] : "en";
  return (
    <html lang={lang}>
      <body>{children}</body>
    </html>
  );
}
