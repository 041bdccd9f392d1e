import { defineConfig } from "prisma/config";

// The CLI is used only for generate/validate/format here (see docs/decisions.md):
// migrations are applied by scripts/db.ts through lib/db/migrator.ts.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/poms" },
});
