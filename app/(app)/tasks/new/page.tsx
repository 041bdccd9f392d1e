import { requirePerson } from "@/lib/auth/session";
import { TaskForm } from "@/components/tasks/task-form";
import { KIND_OPTIONS, PRIORITY_OPTIONS } from "@/lib/tasks/form-options";
import { createTaskAction } from "../actions";

export const metadata = { title: "Request a task" };

export default async function NewTaskPage() {
  const person = await requirePerson();
  const mine = person.experiments.filter((e) => e.role);
  const current = mine.find((e) => e.id === person.currentExperimentId) ?? mine[0];
  return (
    <div className="max-w-3xl space-y-4">
      <h1 className="text-2xl font-bold">Request a task</h1>
      {mine.length === 0 ? (
        <p className="card">You can request work for experiments you are a member of; you are not a member of any yet.</p>
      ) : (
        <div className="card">
          <TaskForm
            action={createTaskAction}
            experiments={mine.map((e) => ({ value: e.name, label: e.displayName }))}
            defaultExperiment={current?.name}
            kinds={KIND_OPTIONS}
            priorities={PRIORITY_OPTIONS}
            submitLabel="Submit request"
            cancelHref="/tasks"
            nextSteps={
              <p>
                The experiment&apos;s coordinator reviews your request and approves it, asks you for changes or rejects it; you are notified either way. Once it is approved, the operations team
                (OPOS) assigns it and runs it: follow it on its page, on the board and in your notifications.
              </p>
            }
          />
        </div>
      )}
    </div>
  );
}
