import { ComingSoon } from "@/components/ui/coming-soon";

export const metadata = { title: "Board" };

export default function BoardPage() {
  return <ComingSoon title="Board" what="The OPOS kanban board for assigning and running approved work comes next." />;
}
