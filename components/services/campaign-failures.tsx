import Link from "next/link";
import type { FailureBreakdown } from "@/lib/services/failure-groups";
import { FAILURE_WINDOW_LABEL, FAILURE_WINDOWS, type FailureWindowKey } from "@/lib/services/failure-window";
import type { Wire } from "@/lib/http/wire";
import { FailureBreakdownView } from "./failures-panel";

/** The campaign page's failures over a window chosen in the address (?failures=7d), beside the services' troubles. */
export function CampaignFailures({ campaignId, windowKey, breakdown }: { campaignId: number; windowKey: FailureWindowKey; breakdown: Wire<FailureBreakdown> }) {
  return (
    <section className="card space-y-3" aria-labelledby="campaign-failures" data-testid="campaign-failures">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="campaign-failures" className="text-lg font-semibold">Failures and the services</h2>
        <nav aria-label="Failures over">
          <ul className="flex flex-wrap gap-1">
            {FAILURE_WINDOWS.map((k) => (
              <li key={k}>
                <Link
                  href={`/campaigns/${campaignId}?failures=${k}`}
                  scroll={false}
                  replace
                  aria-current={k === windowKey ? "page" : undefined}
                  className={`block rounded-md px-2 py-1 text-sm no-underline hover:no-underline ${k === windowKey ? "bg-blue-700 text-white" : "text-slate-700 hover:bg-slate-200 dark:text-slate-200 dark:hover:bg-slate-800"}`}
                >
                  {FAILURE_WINDOW_LABEL[k]}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <FailureBreakdownView breakdown={breakdown} title={<>Failed jobs by exit code, hold reason and site ({breakdown.total.toLocaleString("en")})</>} />
    </section>
  );
}
