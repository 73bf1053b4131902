import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  { ignores: ["lib/db/generated/**", ".next/**", "node_modules/**", "data/**", ".e2e-data/**", "test-results/**", "playwright-report/**", ".scratch/**", "next-env.d.ts"] },
];

export default config;
