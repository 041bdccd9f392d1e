import { test } from "node:test";
import assert from "node:assert/strict";
import { GO_TO, SHORTCUTS, isTypingTarget, matchItems } from "./shortcuts";

test("g-sequences come from the same list the help overlay shows", () => {
  assert.deepEqual(GO_TO, { d: "/", t: "/tasks", b: "/board", n: "/notifications" });
  assert.ok(SHORTCUTS.every((s) => s.keys.length && s.what));
});

test("single keys are ignored while typing, not on checkboxes or buttons", () => {
  assert.equal(isTypingTarget({ tagName: "INPUT", type: "search" }), true);
  assert.equal(isTypingTarget({ tagName: "input" }), true, "an input with no type is text");
  assert.equal(isTypingTarget({ tagName: "TEXTAREA" }), true);
  assert.equal(isTypingTarget({ tagName: "SELECT" }), true);
  assert.equal(isTypingTarget({ tagName: "DIV", isContentEditable: true }), true);
  assert.equal(isTypingTarget({ tagName: "INPUT", type: "checkbox" }), false);
  assert.equal(isTypingTarget({ tagName: "BUTTON" }), false);
  assert.equal(isTypingTarget(null), false);
});

test("palette pages match every word typed, in the label or the hint", () => {
  const items = [{ label: "Board", href: "/board", hint: "kanban OPOS" }, { label: "Tasks: overdue", href: "/tasks?overdue=1" }];
  assert.deepEqual(matchItems(items, "kan").map((i) => i.href), ["/board"]);
  assert.deepEqual(matchItems(items, "tasks over").map((i) => i.href), ["/tasks?overdue=1"]);
  assert.equal(matchItems(items, "").length, 2);
  assert.equal(matchItems(items, "nothing").length, 0);
  assert.deepEqual(matchItems([{ label: "Dashboard", href: "/" }, { label: "Board", href: "/board" }], "boa").map((i) => i.href), ["/board"], "words start, not anywhere");
});
