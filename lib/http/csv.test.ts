import { test } from "node:test";
import assert from "node:assert/strict";
import { csvCell, csvRow } from "./csv";

test("cells a spreadsheet would run as formulas are defused with an apostrophe", () => {
  for (const bad of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=1", '=HYPERLINK("http://evil","click")']) {
    const cell = csvCell(bad);
    assert.ok(cell.replace(/^"/, "").startsWith("'"), `${JSON.stringify(bad)} → ${cell}`);
  }
  assert.equal(csvCell(-5), "-5", "numbers are numbers, not formulas");
  assert.equal(csvCell("a-b"), "a-b");
});

test("quotes, commas and line breaks are quoted; quotes doubled; empty for missing", () => {
  assert.equal(csvCell('say "hi"'), '"say ""hi"""');
  assert.equal(csvCell("a,b"), '"a,b"');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(" padded "), '" padded "');
  assert.equal(csvCell(null), "");
  assert.equal(csvRow(["NOVA-1", "x,y", 3]), 'NOVA-1,"x,y",3\r\n');
});
