"use client";

import { useEffect, useRef } from "react";

/**
 * Tells the server, once the page is running in the author's browser, that it was opened. The
 * signing page's GET changes nothing: a mail scanner that follows the link to check it is not the
 * author viewing the agreement, and a GET must never change state.
 */
export function RecordView({ report }: { report: () => Promise<void> }) {
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    void report();
  }, [report]);
  return null;
}
