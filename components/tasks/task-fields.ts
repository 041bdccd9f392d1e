// Kept apart from lib/tasks/input.ts so that the form (a client component) does not carry zod and the schemas.

/** The request form's fields in the order they appear, by the labels people see (also the error summary's words). */
export const TASK_FIELD_LABEL = {
  experiment: "Experiment",
  kind: "Kind of work",
  title: "Title",
  description: "Description",
  inputDataset: "Input dataset or query",
  softwareVersion: "Software version",
  estimatedFiles: "Estimated files",
  estimatedEvents: "Estimated events",
  priority: "Priority",
  neededBy: "Needed by",
  links: "Links",
} as const;

export type TaskFieldName = keyof typeof TASK_FIELD_LABEL;
