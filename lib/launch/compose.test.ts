import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { composeCommand, type ComposeInput } from "./compose";
import { shellQuote, splitWords } from "./shell";

/** A bare environment for the bash under test (nothing of ours leaks in, and it cannot find other programs). */
const BASH_ENV = { PATH: "/nonexistent-poms-test", LC_ALL: "C.UTF-8" } as unknown as NodeJS.ProcessEnv;

/** What a real bash makes of `text` as arguments: printf prints each argument it receives, NUL-terminated. */
function bashArgs(text: string): string[] {
  const out = execFileSync("/bin/bash", ["-c", `printf '%s\\0' ${text}`], { encoding: "utf8", env: BASH_ENV });
  return out.split("\0").slice(0, -1);
}

/** What a real bash runs when `text` is the whole command: the program name and its arguments. */
function bashCommand(text: string): string[] {
  const script = `command_not_found_handle() { printf '%s\\0' "$@"; }\n${text}`;
  const out = execFileSync("/bin/bash", ["-c", script], { encoding: "utf8", env: BASH_ENV });
  return out.split("\0").slice(0, -1);
}

const HOSTILE = [
  "",
  " ",
  "'",
  "''",
  "it's",
  '"',
  '"double" and \'single\'',
  "$(/usr/bin/touch /tmp/poms-pwned)",
  "`/usr/bin/touch /tmp/poms-pwned`",
  "${HOME}",
  "$HOME",
  "a\nb",
  "line1\n; rm -rf /\n",
  "; echo pwned",
  "&& echo pwned",
  "|| echo pwned",
  "| cat /etc/passwd",
  "> /tmp/poms-out",
  "< /etc/passwd",
  "*",
  "/etc/*",
  "?",
  "[abc]",
  "{a,b}",
  "~",
  "~root",
  "-rf",
  "--help",
  "-",
  "=",
  "a=b",
  "#comment",
  "!",
  "!!",
  "\\",
  "\\'",
  "tab\there",
  "Ünïcödé ✓ 日本語 🚀",
  "\u200b",
  "%(dataset)s",
  "%s %d %%",
  "if",
  "\r\n",
  "'\"'\"'",
  "a'b'c\"d\"e",
];

test("shellQuote: bash reads every hostile value back as exactly that one argument", () => {
  rmSync("/tmp/poms-pwned", { force: true });
  const quoted = HOSTILE.map(shellQuote).join(" ");
  assert.deepEqual(bashArgs(quoted), HOSTILE);
  for (const v of HOSTILE) assert.deepEqual(bashArgs(`x ${shellQuote(v)} y`), ["x", v, "y"], JSON.stringify(v));
});

test("shellQuote: plain words stay readable, everything else is single-quoted", () => {
  assert.equal(shellQuote(""), "''");
  assert.equal(shellQuote("fife_launch"), "fife_launch");
  assert.equal(shellQuote("--stage"), "--stage");
  assert.equal(shellQuote("/pnfs/nova/data_v1.2,x:y@z+%"), "/pnfs/nova/data_v1.2,x:y@z+%");
  assert.equal(shellQuote("a=b"), "'a=b'");
  assert.equal(shellQuote("it's"), "'it'\\''s'");
  assert.equal(shellQuote("a b"), "'a b'");
  assert.equal(shellQuote("if"), "'if'");
});

const base = (over: Partial<ComposeInput> = {}): ComposeInput => ({
  launchScript: "fife_launch -c %(group)s.cfg",
  definitionParameters: [],
  campaignOverrides: [],
  stageOverrides: [],
  recoveryOverrides: [],
  values: { dataset: "nova_fd_2026", version: "v3.2", group: "nova", experimenter: "ada" },
  keywords: {},
  ...over,
});

function composed(input: ComposeInput) {
  const r = composeCommand(input);
  assert.ok(r.ok, r.ok ? "" : r.message);
  return r;
}

test("compose: layers merge in order, the later replacing the same key in place", () => {
  const r = composed(
    base({
      definitionParameters: [["-Oglobal.dataset=", "%(dataset)s"], ["--memory", "2000"], ["--verbose", ""], ["-Oglobal.release=", "%(version)s"]],
      campaignOverrides: [["--memory", "3000"], ["--site", "FNAL"]],
      stageOverrides: [["--site", "Any"], ["--stage", "reco"]],
      recoveryOverrides: [["--memory", "6000"]],
    }),
  );
  assert.deepEqual(r.params, [
    ["-Oglobal.dataset=", "nova_fd_2026"],
    ["--memory", "6000"],
    ["--verbose", ""],
    ["-Oglobal.release=", "v3.2"],
    ["--site", "Any"],
    ["--stage", "reco"],
  ]);
  assert.deepEqual(r.argv, ["fife_launch", "-c", "nova.cfg", "-Oglobal.dataset=nova_fd_2026", "--memory", "6000", "--verbose", "-Oglobal.release=v3.2", "--site", "Any", "--stage", "reco"]);
  assert.equal(r.text, "fife_launch -c nova.cfg '-Oglobal.dataset=nova_fd_2026' --memory 6000 --verbose '-Oglobal.release=v3.2' --site Any --stage reco");
  assert.deepEqual(bashCommand(r.text), r.argv);
});

test("compose: keys are trimmed, so the original's '-f ' and '-f' are one parameter", () => {
  const r = composed(base({ definitionParameters: [["-f ", "a"]], stageOverrides: [["-f", "b"]], campaignOverrides: [["  ", ""]] }));
  assert.deepEqual(r.argv.slice(3), ["-f", "b"]);
});

test("compose: keywords and launch values fill placeholders everywhere; launch values win over keywords", () => {
  const r = composed(
    base({
      launchScript: "run_%(kind)s --dataset %(dataset)s",
      definitionParameters: [["--%(kind)s-opt=", "%(tier)s/%(experimenter)s"]],
      keywords: { kind: "reco", tier: "raw", dataset: "from-keyword" },
    }),
  );
  assert.deepEqual(r.argv, ["run_reco", "--dataset", "nova_fd_2026", "--reco-opt=raw/ada"]);
});

test("compose: substitution happens once; a filled-in value holding %(x)s is not expanded again", () => {
  const r = composed(
    base({
      values: { dataset: "%(secret)s", version: "%(version)s", group: "nova", experimenter: "%(nope)s" },
      definitionParameters: [["--in", "%(dataset)s"], ["--v", "%(version)s"], ["--who", "%(experimenter)s"]],
      keywords: { secret: "LEAKED", k: "%(dataset)s" },
      stageOverrides: [["--k", "%(k)s"]],
    }),
  );
  assert.deepEqual(r.argv.slice(3), ["--in", "%(secret)s", "--v", "%(version)s", "--who", "%(nope)s", "--k", "%(dataset)s"]);
});

test("compose: an unknown placeholder is an error naming it and where it is", () => {
  const cases: [Partial<ComposeInput>, RegExp][] = [
    [{ launchScript: "run %(campain)s" }, /The launch command uses %\(campain\)s, which is neither/],
    [{ definitionParameters: [["--x", "%(relase)s"]] }, /The value of --x uses %\(relase\)s/],
    [{ stageOverrides: [["--%(flag)s", "1"]] }, /The parameter name "--%\(flag\)s" uses %\(flag\)s/],
    [{ recoveryOverrides: [["--m", "%()s"]] }, /uses %\(\)s/],
  ];
  for (const [over, message] of cases) {
    const r = composeCommand(base(over));
    assert.ok(!r.ok, String(message));
    assert.match(r.message, message);
    assert.match(r.message, /known: %\(dataset\)s, %\(version\)s, %\(group\)s, %\(experimenter\)s/);
  }
  const withKeyword = composeCommand(base({ launchScript: "run %(x)s", keywords: { tier: "raw" } }));
  assert.ok(!withKeyword.ok && withKeyword.message.includes("%(tier)s"));
});

test("compose: text that only looks like a placeholder is left alone", () => {
  const r = composed(base({ definitionParameters: [["--fmt", "100% %s %(a b"], ["--pct", "%(x)d"]] }));
  assert.deepEqual(r.argv.slice(3), ["--fmt", "100% %s %(a b", "--pct", "%(x)d"]);
});

test("compose: how a pair renders (two words, key=value, or the key alone)", () => {
  const r = composed(base({ launchScript: "prog", definitionParameters: [["--a", "1"], ["--b=", "2"], ["--c", ""], ["--d=", ""], ["-e", "x y"]] }));
  assert.deepEqual(r.argv, ["prog", "--a", "1", "--b=2", "--c", "--d=", "-e", "x y"]);
  assert.deepEqual(bashCommand(r.text), r.argv);
});

test("compose: hostile values never escape their argument (checked by a real bash)", () => {
  for (const evil of HOSTILE) {
    if (evil.includes("%(")) continue; // placeholders are covered above
    const r = composed(
      base({
        launchScript: "prog --fixed",
        definitionParameters: [["--in", "%(dataset)s"], ["--eq=", evil], ["--raw", evil]],
        stageOverrides: [["--kw", "%(kw)s"]],
        values: { dataset: evil, version: evil, group: "nova", experimenter: evil },
        keywords: { kw: evil },
      }),
    );
    const want = ["prog", "--fixed"];
    for (const [k, v] of [["--in", evil], ["--eq=", evil], ["--raw", evil], ["--kw", evil]] as const) {
      if (k.endsWith("=")) want.push(k + v);
      else if (v === "") want.push(k);
      else want.push(k, v);
    }
    assert.deepEqual(r.argv, want, JSON.stringify(evil));
    assert.deepEqual(bashCommand(r.text), r.argv, JSON.stringify(evil));
  }
  assert.equal(existsSync("/tmp/poms-pwned"), false, "no command substitution ran");
  assert.equal(existsSync("/tmp/poms-out"), false, "no redirection ran");
});

test("compose: hostile words in the command position and in keys stay literal too", () => {
  const r = composed(
    base({
      launchScript: `'if' "$(nope)\\"" 'a;b' "x y" --z\\ w`.replace("$(nope)", "dollar"),
      definitionParameters: [["--k;echo", "v"], ["-`x`", "$(y)"]],
    }),
  );
  assert.deepEqual(r.argv, ["if", 'dollar"', "a;b", "x y", "--z w", "--k;echo", "v", "-`x`", "$(y)"]);
  assert.deepEqual(bashCommand(r.text), r.argv);
  const uni = composed(base({ launchScript: "'prog ✓' -- '-rf' ''" }));
  assert.deepEqual(uni.argv, ["prog ✓", "--", "-rf", ""]);
  assert.deepEqual(bashCommand(uni.text), uni.argv);
});

test("compose: a NUL in any argument is refused (no program can receive it)", () => {
  const r = composeCommand(base({ values: { dataset: "a\0b", version: "", group: "g", experimenter: "e" }, definitionParameters: [["--in", "%(dataset)s"]] }));
  assert.ok(!r.ok && /NUL character/.test(r.message));
});

test("compose: parameters without a name, an empty launch command, a variable prefix", () => {
  const noName = composeCommand(base({ stageOverrides: [["", "orphan"]] }));
  assert.ok(!noName.ok && /"orphan" has no name/.test(noName.message));
  const empty = composeCommand(base({ launchScript: "   \n " }));
  assert.ok(!empty.ok && /no launch command/.test(empty.message));
  const prefix = composeCommand(base({ launchScript: "X=1 prog" }));
  assert.ok(!prefix.ok && /set variables in the login\/setup's setup commands/.test(prefix.message));
  const quotedPrefix = composed(base({ launchScript: "prog X=1" }));
  assert.deepEqual(quotedPrefix.argv, ["prog", "X=1"]);
});

test("splitWords: shell-like words with quotes, escapes and line continuations", () => {
  const ok: [string, string[]][] = [
    ["fife_launch -c cfg.cfg", ["fife_launch", "-c", "cfg.cfg"]],
    ["  a\t b\n c  ", ["a", "b", "c"]],
    ["'a b' \"c d\" e\\ f", ["a b", "c d", "e f"]],
    ["'it'\\''s'", ["it's"]],
    ['"say \\"hi\\" \\\\ \\$x \\` \\n"', ['say "hi" \\ $x ` \\n']],
    ["a'b'\"c\"d", ["abcd"]],
    ["''", [""]],
    ['"" x', ["", "x"]],
    ["long \\\n  continued", ["long", "continued"]],
    ['"multi\nline"', ["multi\nline"]],
    ["'$(x) `y` ; | & * ~'", ["$(x) `y` ; | & * ~"]],
    ["prog --ds=%(dataset)s %(group)s_x", ["prog", "--ds=%(dataset)s", "%(group)s_x"]],
    ["prog a#b", ["prog", "a#b"]],
    ["prog a~b", ["prog", "a~b"]],
    ["prog a\u00a0b", ["prog", "a\u00a0b"]],
    ["", []],
  ];
  for (const [text, words] of ok) assert.deepEqual(splitWords(text), { ok: true, words }, JSON.stringify(text));
  const bad: [string, RegExp][] = [
    ["prog 'open", /' without its closing '/],
    ['prog "open', /" without its closing "/],
    ["prog \\", /lone backslash/],
    ["prog; rm -rf /", /";" outside quotes/],
    ["prog && x", /"&" outside quotes/],
    ["prog | x", /"\|" outside quotes/],
    ["prog > out", /">" outside quotes/],
    ["prog < in", /"<" outside quotes/],
    ["prog $(x)", /"\$" outside quotes/],
    ["prog $HOME", /"\$" outside quotes/],
    ["prog `x`", /"`" outside quotes/],
    ["prog (x)", /"\(" outside quotes/],
    ["prog # note", /"#" outside quotes/],
    ['prog "$HOME"', /\$ inside double quotes/],
    ['prog "`x`"', /` inside double quotes/],
    ["prog *.cfg", /"\*" outside quotes, which a shell would expand/],
    ["prog ?", /"\?" outside quotes/],
    ["prog [ab]", /"\[" outside quotes/],
    ["prog {a,b}", /"\{" outside quotes/],
    ["prog ~/x", /"~" outside quotes/],
    ["prog %(a b)s", /"\(" outside quotes/],
  ];
  for (const [text, message] of bad) {
    const r = splitWords(text);
    assert.ok(!r.ok, text);
    assert.match(r.message, message, text);
  }
});

test("splitWords agrees with bash on the commands it accepts", () => {
  const commands = [
    "fife_launch -c cfg.cfg",
    "'a b' \"c d\" e\\ f",
    "'it'\\''s' x",
    '"say \\"hi\\" \\\\ \\$x \\` \\n"',
    "a'b'\"c\"d '' \"\"",
    "long \\\n  continued",
    '"multi\nline" \'x\ny\'',
    "prog a#b a~b -- -x",
    "prog a\u00a0b\u2003c",
  ];
  for (const c of commands) {
    const r = splitWords(c);
    assert.ok(r.ok, c);
    assert.deepEqual(bashArgs(c), r.words, JSON.stringify(c));
  }
});
