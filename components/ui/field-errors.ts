/**
 * The lines of a form's error summary: one per field, in the order the fields appear, named by the
 * field's label (never its internal name), each linking to its field. A message that already names
 * its field ("Title is required.") is shown as it is; another gets the label in front
 * ("Links: Link 2 … is not a full web address").
 */
export type SummaryLine = { field: string | null; text: string };

const words = (s: string) => s.toLowerCase().replace(/[-_]/g, " ");

export function namesField(message: string, label: string): boolean {
  return words(message).includes(words(label));
}

export function summaryLines(fieldErrors: Record<string, string>, labels: Record<string, string>, fallback: string): SummaryLine[] {
  const known = Object.keys(labels).filter((f) => fieldErrors[f]);
  const lines: SummaryLine[] = known.map((f) => ({ field: f, text: namesField(fieldErrors[f], labels[f]) ? fieldErrors[f] : `${labels[f]}: ${fieldErrors[f]}` }));
  // Errors about something that is not a field of this form (a stale version, a hidden id) are shown once, as said.
  const others = Object.keys(fieldErrors).filter((f) => !(f in labels)).map((f) => fieldErrors[f]);
  for (const text of new Set(others)) lines.push({ field: null, text });
  if (!lines.length && fallback) lines.push({ field: null, text: fallback });
  return lines;
}
