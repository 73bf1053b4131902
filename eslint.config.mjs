import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  // Prettier (npm run lint checks it) wraps code at 120 columns; this catches what it cannot wrap: comments
  // and JSX text. A sentence or a SQL statement in a string stays whole, so that it can be found by grep.
  {
    rules: {
      "max-len": [
        "error",
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    ignores: [
      "lib/db/generated/**",
      ".next/**",
      "node_modules/**",
      "data/**",
      ".e2e-data/**",
      "test-results/**",
      "playwright-report/**",
      ".scratch/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
