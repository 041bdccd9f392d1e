import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata = { title: "Services" };

export default function ServicesPage() {
  return <ComingSoon title="Services" what="The service tree with availability history, downtimes and launch holds comes with the monitoring work; the dashboard already shows today's health summary." />;
}
