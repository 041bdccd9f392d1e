/**
 * The campaigns list's URL (page and GET /api/v1/campaigns alike): words, experiment, tag and active state.
 * Unknown or malformed values fall back to the default rather than failing the page. Pure.
 */
export type ActiveFilter = "active" | "inactive" | "all";
export type CampaignListQuery = { q: string; experiment: string; tag: string; active: ActiveFilter };

export const DEFAULT_LIST: CampaignListQuery = { q: "", experiment: "", tag: "", active: "active" };

const word = (s: string | undefined, max: number, pattern: RegExp) => {
  const v = (s ?? "").replace(/\s+/g, " ").trim().slice(0, max);
  return pattern.test(v) ? v : "";
};

export function parseCampaignListQuery(fields: Record<string, string | undefined>): CampaignListQuery {
  const active = fields.active === "inactive" || fields.active === "all" ? fields.active : fields.active === "0" ? "inactive" : "active";
  return {
    q: (fields.q ?? "").replace(/\s+/g, " ").trim().slice(0, 100),
    experiment: word(fields.experiment, 40, /^[a-z0-9_-]*$/i).toLowerCase(),
    tag: word(fields.tag, 40, /^[A-Za-z0-9._+@-]*$/),
    active,
  };
}

/** The link to a view of the list: only what differs from the default is written. */
export function campaignListHref(query: Partial<CampaignListQuery>): string {
  const q = { ...DEFAULT_LIST, ...query };
  const p = new URLSearchParams();
  if (q.q) p.set("q", q.q);
  if (q.experiment) p.set("experiment", q.experiment);
  if (q.tag) p.set("tag", q.tag);
  if (q.active !== "active") p.set("active", q.active);
  const s = p.toString();
  return s ? `/campaigns?${s}` : "/campaigns";
}
