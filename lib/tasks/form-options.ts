import { KIND_LABEL, TASK_KINDS, TASK_PRIORITIES } from "./input";

export const KIND_OPTIONS = TASK_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }));
export const PRIORITY_OPTIONS = TASK_PRIORITIES.map((p) => ({ value: p, label: p.charAt(0) + p.slice(1).toLowerCase() }));

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

/** A count as the app prints it everywhere (120,000), also when it fills the edit form. */
export const formatCount = (n: number | bigint | null | undefined) => (n === null || n === undefined ? "" : n.toLocaleString("en-US"));
