import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
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
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
