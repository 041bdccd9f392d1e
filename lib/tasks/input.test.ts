import { test } from "node:test";
import assert from "node:assert/strict";
import { createTaskInput, transitionInput, commentInput } from "./input";

const today = () => "2026-11-28";
const schema = createTaskInput(today);
const valid = { experiment: "nova", title: "Reprocess", kind: "REPROCESSING" };
const errors = (input: unknown) => {
  const r = schema.safeParse(input);
  const first: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) first[String(i.path[0])] ??= i.message; // as the form shows them
  return first;
};

test("a minimal valid request passes with defaults", () => {
  const r = schema.parse(valid);
  assert.equal(r.priority, "NORMAL");
  assert.deepEqual(r.links, []);
  assert.equal(r.neededBy, undefined);
});

test("empty and over-long fields get clear messages", () => {
  assert.equal(errors({ ...valid, title: "  \n " }).title, "Title is required.");
  assert.equal(errors({ ...valid, title: "x".repeat(201) }).title, "Title must be at most 200 characters.");
  assert.equal(errors({ ...valid, description: "d".repeat(20_001) }).description, "Description must be at most 20,000 characters.");
  assert.equal(errors({ ...valid, experiment: "" }).experiment, "Choose an experiment.");
  assert.equal(errors({ ...valid, kind: "PIZZA" }).kind, "Choose what kind of work this is.");
});

test("a needed-by date in the past is refused; today is allowed; nonsense dates are refused", () => {
  assert.equal(errors({ ...valid, neededBy: "2026-11-27" }).neededBy, "Needed-by cannot be in the past.");
  assert.equal(schema.parse({ ...valid, neededBy: "2026-11-28" }).neededBy, "2026-11-28");
  assert.equal(errors({ ...valid, neededBy: "28/11/2026" }).neededBy, "Needed-by must be a date (YYYY-MM-DD).");
  assert.equal(errors({ ...valid, neededBy: "2026-13-45" }).neededBy, "Needed-by must be a real date.");
  assert.equal(errors({ ...valid, neededBy: "2027-02-30" }).neededBy, "Needed-by must be a real date.");
});

test("counts must be whole positive numbers", () => {
  assert.equal(errors({ ...valid, estimatedFiles: "-4" }).estimatedFiles, "Estimated files must be at least 1.");
  assert.equal(errors({ ...valid, estimatedFiles: "1.5" }).estimatedFiles, "Estimated files must be a whole number.");
  assert.equal(errors({ ...valid, estimatedEvents: "lots" }).estimatedEvents, "Estimated events must be a whole number.");
  assert.equal(schema.parse({ ...valid, estimatedFiles: " 1200 " }).estimatedFiles, 1200);
});

test("links are http(s) URLs, split on whitespace or commas", () => {
  assert.deepEqual(schema.parse({ ...valid, links: "https://a.org/x\nhttp://b.org, https://c.org" }).links, ["https://a.org/x", "http://b.org", "https://c.org"]);
  assert.equal(errors({ ...valid, links: "javascript:alert(1)" }).links, "Each link must be a full http(s) URL.");
  assert.equal(errors({ ...valid, links: "ftp://x.org/file" }).links, "Each link must be a full http(s) URL.");
});

test("text is normalised at the edge: CRLF, control characters and runs of spaces in one-line fields", () => {
  const r = schema.parse({ ...valid, title: "  Reprocess\t\tperiod   7\u0007 ", description: "line 1\r\nline 2\u0000", inputDataset: " defname:  x \n" });
  assert.equal(r.title, "Reprocess period 7");
  assert.equal(r.description, "line 1\nline 2");
  assert.equal(r.inputDataset, "defname: x");
});

test("transition and comment input", () => {
  assert.equal(transitionInput.safeParse({ to: "SOMEWHERE" }).success, false);
  assert.equal(transitionInput.parse({ to: "ON_HOLD", reason: "  pool full  " }).reason, "pool full");
  assert.equal(commentInput.safeParse({ body: " \n " }).success, false);
});
