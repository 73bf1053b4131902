// Packages that read files or native bits at run time stay plain Node requires, not bundled.
const serverExternalPackages = [
  "graphile-worker",
  "pg",
  "@prisma/adapter-pg",
  "pdf-lib",
  "@cantoo/pdf-lib",
  "fontkit",
  "bidi-js",
  "nodemailer",
];

const signingPageHeaders = [
  // A signing link is a secret: never leak it to other sites, never keep the page in a cache.
  // "same-origin", not "no-referrer": under no-referrer a browser posts the page's forms with
  // `Origin: null`, which Next's CSRF check refuses, so the author could not sign without JavaScript.
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Cache-Control", value: "no-store" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages,
  // Server actions carry form fields only (a volume's CSV goes to its own route handler): 1 MB is
  // ample for the longest staff form. The front door (lib/http/edge/body-limits.ts) refuses larger
  // bodies before Next buffers them, and public pages' bodies above 64 KB.
  // authInterrupts: pages answer a staff member without the role with forbidden() — a 403 page.
  // preloadEntriesOnStart: false: Next would otherwise load every route's modules when the server
  // starts; a route's modules now load on its first request, so the memory of pages an instance
  // never serves (the staff pages on a server that only serves authors) is never taken.
  experimental: { serverActions: { bodySizeLimit: "1mb" }, authInterrupts: true, preloadEntriesOnStart: false },
  // The type check is `npm run typecheck` (CI runs it before `npm test`): TypeScript 7's native
  // compiler, with Next's route types from `next typegen`, checks the project in ~8 s. Next's own
  // check in `next build` runs TypeScript 6's JavaScript compiler (typescript-eslint needs 6), ~45 s
  // of one core in every first `npm start` and every clean `npm test`, to find nothing new.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
      { source: "/sign/:path*", headers: signingPageHeaders },
    ];
  },
};

export default nextConfig;
