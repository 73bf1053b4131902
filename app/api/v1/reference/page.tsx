import type { Metadata } from "next";
import { ApiReference, type OpenApiForReference } from "@/components/api-reference";
import { SiteHeader } from "@/components/site-header";
import { openApiDocument } from "@/lib/api/openapi-document";
import { appUrl } from "@/lib/config/app-config";

export const metadata: Metadata = { title: "REST API reference" };

export default function ApiReferencePage() {
  return (
    <>
      <SiteHeader />
      <main className="stack">
        <h1>REST API reference</h1>
        <ApiReference document={openApiDocument(appUrl()) as unknown as OpenApiForReference} />
      </main>
    </>
  );
}
