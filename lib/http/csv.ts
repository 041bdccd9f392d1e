/**
 * CSV as spreadsheets read it (RFC 4180, CRLF rows, a BOM so Excel reads UTF-8), with formula
 * injection defused: a cell a spreadsheet would evaluate (starting with =, +, -, @, tab or carriage
 * return) is prefixed with an apostrophe, so "=HYPERLINK(…)" in a task title stays text. Pure.
 */
export const CSV_BOM = "\uFEFF";

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvRow = (cells: (string | number | null | undefined)[]) => `${cells.map(csvCell).join(",")}\r\n`;
