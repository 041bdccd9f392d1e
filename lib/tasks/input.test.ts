import { test } from "node:test";
import assert from "node:assert/strict";
import { createTaskInput, editTaskInput, transitionInput, commentInput, readCount, splitLinks } from "./input";

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
  assert.equal(errors({ ...valid, estimatedFiles: "0" }).estimatedFiles, "Estimated files must be at least 1.");
  assert.equal(errors({ ...valid, estimatedFiles: "1.5" }).estimatedFiles, "Estimated files must be a whole number, like 120,000.");
  assert.equal(errors({ ...valid, estimatedEvents: "lots" }).estimatedEvents, "Estimated events must be a whole number, like 120,000.");
  assert.equal(errors({ ...valid, estimatedFiles: "100,000,001" }).estimatedFiles, "Estimated files is too large (at most 100,000,000).");
  assert.equal(schema.parse({ ...valid, estimatedFiles: " 1200 " }).estimatedFiles, 1200);
});

test("counts are read as people write them and as the app prints them", () => {
  for (const text of ["120000", "120,000", "120 000", "120\u00a0000", "120\u202f000"]) assert.equal(schema.parse({ ...valid, estimatedFiles: text }).estimatedFiles, 120_000, text);
  assert.equal(schema.parse({ ...valid, estimatedEvents: "5,000,000,000" }).estimatedEvents, 5_000_000_000);
  assert.equal(schema.parse({ ...valid, estimatedEvents: 42 }).estimatedEvents, 42, "a JSON number stays a number");
  assert.equal(errors({ ...valid, estimatedEvents: 1.5 }).estimatedEvents, "Estimated events must be a whole number, like 120,000.");
  assert.equal(errors({ ...valid, estimatedEvents: "42" }).estimatedEvents, undefined, "digits as a JSON string are read too");
});

test("odd digit groups and decimals are refused, not guessed at", () => {
  const grouped = "Estimated files has its digits grouped oddly: write it like 120,000 or 120000.";
  for (const text of ["12,00", "1,2", "1,0000", "120,000 000", "1200,000"]) assert.equal(errors({ ...valid, estimatedFiles: text }).estimatedFiles, grouped, text);
  for (const text of ["1.5", "120.000", "1e3", "0x10", "+5", "١٢٣", "12k", ",120"]) assert.equal(errors({ ...valid, estimatedFiles: text }).estimatedFiles, "Estimated files must be a whole number, like 120,000.", text);
  assert.deepEqual(readCount("9,007,199,254,740,993"), { value: 9_007_199_254_740_992 });
  assert.equal(errors({ ...valid, estimatedEvents: "9007199254740993" }).estimatedEvents, "Estimated events is too large (at most 9,007,199,254,740,991).");
});

test("the edit form reads counts the same way", () => {
  assert.equal(editTaskInput(today).parse({ estimatedFiles: "120,000" }).estimatedFiles, 120_000);
  assert.equal(editTaskInput(today).safeParse({ estimatedFiles: "12,00" }).success, false);
});

test("links: one per line (or separated by spaces or a comma before the next), each a full http(s) URL", () => {
  assert.deepEqual(schema.parse({ ...valid, links: "https://a.org/x\nhttp://b.org, https://c.org\n\n" }).links, ["https://a.org/x", "http://b.org", "https://c.org"]);
  assert.deepEqual(splitLinks("https://a.org/x,https://b.org/y"), ["https://a.org/x", "https://b.org/y"]);
  assert.deepEqual(splitLinks("https://a.org https://b.org,\n  http://c.org  "), ["https://a.org", "https://b.org", "http://c.org"]);
  assert.deepEqual(splitLinks("not a url"), ["not a url"], "one line that is not a link is judged whole");
  assert.equal(errors({ ...valid, links: "https://samweb.example/files?dims=run 1,2" }).links?.startsWith('The link ("https://samweb.example/files?dims=run 1,2") is not a full web address'), true);
  assert.deepEqual(splitLinks("https://e.org/runs/1,2,3\n"), ["https://e.org/runs/1,2,3"], "a comma inside a URL stays");
  assert.equal(errors({ ...valid, links: "javascript:alert(1)" }).links, 'The link ("javascript:alert(1)") is not a full web address: it must start with https:// or http://.');
  assert.equal(errors({ ...valid, links: "https://ok.org\nftp://x.org/file" }).links, 'Link 2 ("ftp://x.org/file") is not a full web address: it must start with https:// or http://.');
  assert.equal(errors({ ...valid, links: "https://exa%mple.org" }).links?.startsWith("The link"), true);
  assert.equal(errors({ ...valid, links: Array.from({ length: 11 }, (_, i) => `https://e.org/${i}`) }).links, "At most 10 links.");
  assert.equal(errors({ ...valid, links: [`https://e.org/${"a".repeat(490)}`] }).links, "The link is longer than 500 characters.");
  assert.equal(errors({ ...valid, links: [null] }).links, "Each link must be text (a full http(s) URL).");
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

test("an edit can clear the counts and the date; leaving them out changes nothing", () => {
  const edit = editTaskInput(today);
  assert.deepEqual(edit.parse({ estimatedFiles: "", estimatedEvents: null, neededBy: "" }), { estimatedFiles: null, estimatedEvents: null, neededBy: null });
  assert.deepEqual(edit.parse({ title: "x" }), { title: "x" }, "nothing else is touched (the priority kept no default)");
  assert.equal(edit.safeParse({ neededBy: "2020-01-01" }).success, false);
  // A new request treats empty as not given.
  const r = schema.parse({ ...valid, estimatedFiles: "", estimatedEvents: null, neededBy: "" });
  assert.equal(r.estimatedFiles, undefined);
  assert.equal(r.neededBy, undefined);
});
