import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJobResult } from "./result-file";

test("a finished job's result: exit code, times, CPU and peak memory from GNU time, its per-file list", () => {
  const r = parseJobResult("exit=65\nstarted=1795925452.250\nended=1795925455.750\nusage=3.50 1.25 0.25 51200\ntimes=0m1.000s 0m0.100s\nconsumed a.root\nfailed b_bad.root\n");
  assert.equal(r.exitCode, 65);
  assert.equal(r.lost, false);
  assert.equal(r.startedAt?.toISOString(), "2026-11-29T04:10:52.250Z");
  assert.equal(r.endedAt?.getTime(), 1795925455750);
  assert.equal(r.cpuSeconds, 1.5);
  assert.equal(r.memoryMb, 50);
  assert.deepEqual(r.files, [
    { name: "a.root", consumed: true },
    { name: "b_bad.root", consumed: false },
  ]);
});

test("without GNU time the CPU seconds come from bash's times and memory is unknown; a lost job has no exit code", () => {
  const r = parseJobResult("exit=0\nstarted=1\nended=2\ntimes=1m2.500s 0m0.500s\n");
  assert.equal(r.cpuSeconds, 63);
  assert.equal(r.memoryMb, null);
  const lost = parseJobResult("exit=\nlost=1\nended=1795925455\n");
  assert.equal(lost.exitCode, null);
  assert.equal(lost.lost, true);
  assert.equal(lost.startedAt, null);
  assert.deepEqual(parseJobResult("").files, []);
});
