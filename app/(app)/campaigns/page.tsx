import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata = { title: "Campaigns" };

export default function CampaignsPage() {
  return <ComingSoon title="Campaigns" what="Campaigns, their stage graphs, slicing, launches and progress charts come with the campaign and launch work. The data model already holds them." />;
}
