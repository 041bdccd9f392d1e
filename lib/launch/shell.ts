/**
 * Shell words, both ways: quoting a value so a POSIX shell reads it back as exactly one argument, and splitting a
 * configured launch command into its words. Pure.
 */

/** Characters that never need quoting anywhere in a word (no globs, expansions, operators, tilde or "=" ). */
const BARE = /^[A-Za-z0-9_@%+:,./-]+$/;

/** Words a shell treats specially in command position even without quoting characters. */
const RESERVED = new Set(["if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while", "until", "do", "done", "in", "function", "time", "coproc"]);

/**
 * POSIX single-quote quoting: '' for the empty string, the word itself when it holds only characters no shell
 * treats specially, otherwise the whole value in single quotes with each ' written as '\''.
 */
export function shellQuote(value: string): string {
  if (value === "") return "''";
  if (BARE.test(value) && !RESERVED.has(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A %(name)s placeholder at the start of the text (its parentheses are not shell syntax). */
const PLACEHOLDER_AT = /^%\([^()\s]*\)s/;

export type SplitWords = { ok: true; words: string[] } | { ok: false; message: string };

/**
 * Splits a launch command into words the way a shell would for one simple command: spaces, tabs and new lines
 * separate words (other Unicode spaces are part of a word, as in bash); '…' is literal; "…" is literal except \" \\ and \` \$ which drop the backslash; a
 * backslash outside quotes makes the next character literal (a backslash-new line joins lines); %(name)s
 * placeholders are kept as they are. Anything a shell would read as more than one program with its arguments
 * (; & | < > ( ) $ ` or a # comment outside quotes) or expand (* ? [ { } and a leading ~) is refused with a
 * message, because every word is quoted again when the command is put together and would not do what it says.
 */
export function splitWords(command: string): SplitWords {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let i = 0;
  const n = command.length;
  while (i < n) {
    const ch = command[i];
    if (ch === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: "The launch command has a ' without its closing '." };
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let closed = false;
      while (j < n) {
        const c = command[j];
        if (c === '"') {
          closed = true;
          break;
        }
        if (c === "\\" && j + 1 < n && '"\\$`\n'.includes(command[j + 1])) {
          if (command[j + 1] !== "\n") word += command[j + 1];
          j += 2;
          continue;
        }
        if (c === "$" || c === "`")
          return { ok: false, message: `The launch command uses ${c} inside double quotes; write the value in single quotes or put variables in the login/setup's setup commands.` };
        word += c;
        j++;
      }
      if (!closed) return { ok: false, message: 'The launch command has a " without its closing ".' };
      inWord = true;
      i = j + 1;
    } else if (ch === "\\") {
      if (i + 1 >= n) return { ok: false, message: "The launch command ends with a lone backslash." };
      if (command[i + 1] !== "\n") {
        word += command[i + 1];
        inWord = true;
      }
      i += 2;
    } else if (ch === " " || ch === "\t" || ch === "\n") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      i++;
    } else if (ch === "%" && PLACEHOLDER_AT.test(command.slice(i, i + 200))) {
      const ph = PLACEHOLDER_AT.exec(command.slice(i, i + 200))![0];
      word += ph;
      inWord = true;
      i += ph.length;
    } else if ("*?[{}".includes(ch) || (ch === "~" && !inWord)) {
      return {
        ok: false,
        message: `The launch command has "${ch}" outside quotes, which a shell would expand into file names; quote the word that holds it.`,
      };
    } else if (";&|<>()$`".includes(ch) || (ch === "#" && !inWord)) {
      return {
        ok: false,
        message: `The launch command is one program with its arguments; "${ch}" outside quotes would make the shell do something else. Quote it, or put shell lines in the login/setup's setup commands.`,
      };
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return { ok: true, words };
}
