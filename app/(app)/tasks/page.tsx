import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata = { title: "Tasks" };

export default function TasksPage() {
  return <ComingSoon title="Tasks" what="Requesting production work, the approval queue and 'My requests' come next." />;
}
