import { test } from "node:test";
import assert from "node:assert/strict";
import { authLogger } from "./options";

test("a forged or expired session cookie is logged as one line, without a stack trace", () => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (...a: unknown[]) => void lines.push(a.map(String).join(" "));
  try {
    const err = new Error("decryption operation failed");
    authLogger.error("JWT_SESSION_ERROR", { error: err, message: err.message });
    authLogger.error("JWT_SESSION_ERROR", err);
    authLogger.error("SOMETHING", "multi\nline");
  } finally {
    console.error = original;
  }
  assert.equal(lines.length, 3);
  assert.equal(lines[0], "[auth] JWT_SESSION_ERROR: decryption operation failed");
  assert.equal(lines[1], "[auth] JWT_SESSION_ERROR: decryption operation failed");
  for (const l of lines) assert.ok(!l.includes("\n") && !/\bat .*:\d+:\d+/.test(l), l);
});
