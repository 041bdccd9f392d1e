// ESLint 9 flat config: Next's rules (core web vitals) with the TypeScript rules, plus the house rules
// that a linter can hold: no environment reads outside lib/env.ts, no Prisma in app/ or components/.
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["node_modules/**", ".next/**", "lib/generated/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**", "components/**", "lib/**"],
    ignores: ["lib/env.ts", "lib/testing/**", "lib/db/bootstrap.ts", "lib/db/embedded.ts", "**/*.test.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through lib/env.ts." }],
    },
  },
  {
    files: ["app/**", "components/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: "@/lib/db", message: "Pages and routes read through lib/<domain> functions." }], patterns: [{ group: ["@/lib/generated/prisma/client"], message: "Pages and routes read through lib/<domain> functions." }] }],
    },
  },
];

export default config;
