"use client";

// Shown when a page or action fails unexpectedly; the details are in the server log.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <div className="card">
        <h1>Something went wrong</h1>
        <p>
          This page could not be shown because of a problem on our side. Nothing you entered was recorded twice; please
          try again.
        </p>
        <button type="button" onClick={() => reset()}>
          Try again
        </button>
      </div>
    </main>
  );
}
