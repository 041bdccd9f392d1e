import { test } from "node:test";
import assert from "node:assert/strict";
import { namesField, summaryLines } from "./field-errors";

const labels = { title: "Title", neededBy: "Needed by", estimatedFiles: "Estimated files", links: "Links" };

test("a line per field, in the form's order, named by label and never by the internal name", () => {
  const lines = summaryLines(
    { links: 'Link 2 ("ftp://x") is not a full web address: it must start with https:// or http://.', estimatedFiles: "Estimated files must be at least 1.", title: "Title is required.", neededBy: "Needed-by cannot be in the past." },
    labels,
    "estimatedFiles: Estimated files must be at least 1.; links.1: …",
  );
  assert.deepEqual(lines, [
    { field: "title", text: "Title is required." },
    { field: "neededBy", text: "Needed-by cannot be in the past." },
    { field: "estimatedFiles", text: "Estimated files must be at least 1." },
    { field: "links", text: 'Links: Link 2 ("ftp://x") is not a full web address: it must start with https:// or http://.' },
  ]);
  for (const l of lines) assert.doesNotMatch(l.text, /estimatedFiles|neededBy|links\.\d/);
});

test("errors that are not about a field are shown once; with no field errors the message is the line", () => {
  assert.deepEqual(summaryLines({ version: "Someone else changed it.", "": "Someone else changed it." }, labels, "x"), [{ field: null, text: "Someone else changed it." }]);
  assert.deepEqual(summaryLines({}, labels, "Someone else changed this task at the same moment; reload and try again."), [{ field: null, text: "Someone else changed this task at the same moment; reload and try again." }]);
});

test("a message names its field whatever the hyphens and case", () => {
  assert.equal(namesField("Choose what kind of work this is.", "Kind of work"), true);
  assert.equal(namesField("Needed-by must be a real date.", "Needed by"), true);
  assert.equal(namesField("The link is longer than 500 characters.", "Links"), false);
});
