import { KIND_LABEL, PRIORITY_LABEL, TASK_KINDS, TASK_PRIORITIES } from "./input";

export const KIND_OPTIONS = TASK_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }));
export const PRIORITY_OPTIONS = TASK_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }));

/** A count as the app prints it everywhere (120,000), also when it fills the edit form. */
export const formatCount = (n: number | bigint | null | undefined) => (n === null || n === undefined ? "" : n.toLocaleString("en-US"));
