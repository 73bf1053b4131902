import { readFileSync } from "node:fs";
import path from "node:path";
import type { APIRequestContext } from "@playwright/test";
import pg from "pg";
import { E2E } from "../playwright.config";

export const ORIGIN = `http://localhost:${E2E.port}`;

/**
 * The E2E cluster's superuser login, for arranging data behind the app's back. `npm start`
 * generates its password into DATA_DIR (.e2e-data, see playwright.config.ts).
 */
export function e2eDatabaseLogin(): pg.ClientConfig {
  const password = readFileSync(path.resolve(".e2e-data", "database-superuser-password"), "utf8").trim();
  return { host: "127.0.0.1", port: E2E.databasePort, user: "imprimatur", password, database: "imprimatur" };
}

/** A short-lived connection to the E2E database, for arranging staff and checking what changed. */
export async function withDatabase<T>(work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client(e2eDatabaseLogin());
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

function decode(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * The hidden fields of the first no-JavaScript form on `html` whose markup contains `marker`:
 * the server action's $ACTION fields plus any hidden inputs of its own, as a browser would send them.
 */
export function hiddenFieldsOfForm(html: string, marker: string): Record<string, string> {
  for (const match of html.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)) {
    if (!match[1].includes(marker)) continue;
    const fields: Record<string, string> = {};
    for (const hidden of match[1].matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?/g))
      fields[decode(hidden[1])] = decode(hidden[2] ?? "");
    return fields;
  }
  throw new Error(`no form containing ${marker}`);
}

/** Replays a form POST to `path` (where the form lives) with another person's cookies. */
export async function replayForm(request: APIRequestContext, path: string, fields: Record<string, string>) {
  return request.post(path, { multipart: fields, headers: { Origin: ORIGIN }, maxRedirects: 0 });
}
