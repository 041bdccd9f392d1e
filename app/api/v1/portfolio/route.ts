import { NextResponse } from "next/server";
import { authedRoute } from "@/lib/http/route";
import { cleanFields } from "@/lib/http/input";
import { DomainError } from "@/lib/errors";
import { parsePortfolioQuery, portfolioCsv } from "@/lib/charts/portfolio-rules";
import { portfolio, portfolioForExport } from "@/lib/charts/portfolio";

/**
 * GET ?experiment=&health=&q=&sort=&dir=&page=: one page of the portfolio as JSON, with per-experiment totals;
 * `format=csv`: every matching campaign as CSV, in the same order.
 */
export const GET = authedRoute(async (req, { person }) => {
  const fields = cleanFields(new URL(req.url).searchParams);
  const query = parsePortfolioQuery(fields);
  const format = fields.format ?? "json";
  if (format !== "json" && format !== "csv") throw new DomainError("invalid_input", '"format" must be json or csv.');
  if (format === "json") return NextResponse.json(await portfolio(person, query), { headers: { "cache-control": "no-store" } });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(portfolioCsv(await portfolioForExport(person, query)), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="poms-portfolio-${day}.csv"`, "cache-control": "no-store" },
  });
});
