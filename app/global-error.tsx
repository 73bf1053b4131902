"use client";

import "./globals.css";

// Shown when even the root layout failed: a whole page of its own, in plain words, with nothing of
// the error in it (the details are in the server log). A database outage normally never gets here:
// the front door answers it with a 503 page first (lib/http/answer-database-outage.ts).
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main>
          <div className="card">
            <h1>Imprimatur is briefly unavailable</h1>
            <p>Nothing you entered was recorded twice. Please try again in a minute.</p>
            <button type="button" onClick={() => reset()}>
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
