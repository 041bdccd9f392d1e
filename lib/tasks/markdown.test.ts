import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown";

/** Every href the output carries. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
/** No element or attribute that runs script or loads something. */
function assertInert(html: string) {
  // Real tags start with "<"; text that looks like a tag is escaped ("&#x3C;") and only shows.
  for (const [tag, name, attrs] of html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/gi)) {
    assert.doesNotMatch(name, /^(script|img|iframe|object|embed|style|svg|math|form|input|base|link|meta)$/i, `${tag} in ${html}`);
    assert.doesNotMatch(attrs, /(^|\s)(on[a-z]+|src|style|srcset|formaction)=/i, `${tag} in ${html}`);
  }
  for (const h of hrefs(html)) assert.match(h, /^(https?:|mailto:|#|\/)/, `unsafe href ${h} in ${html}`);
}

test("HTML and script in the text are rendered inert, as the text that was typed", () => {
  const html = renderMarkdown(`<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n[x](javascript:alert(1))`);
  assert.ok(!html.includes("<script"), html);
  assert.ok(!html.includes("<img"), html);
  assert.ok(!html.includes('href="javascript'), html);
  assert.match(html, /&#x3C;script>alert\(1\)&#x3C;\/script>/);
  assertInert(html);
});

test("inline HTML inside a paragraph stays text too", () => {
  const html = renderMarkdown("Run it <b onmouseover=alert(1)>now</b> please <iframe src=https://evil.example></iframe>");
  assert.match(html, /^<p>Run it &#x3C;b onmouseover=alert\(1\)>now&#x3C;\/b> please &#x3C;iframe/);
  assertInert(html);
});

test("the usual constructs are formatted; headings start at h3 under the page's own", () => {
  const html = renderMarkdown("# Plan\n\n## Steps\n\n- **bold** and *it*\n- `code <b>`\n\nSee [wiki](https://example.org/a?b=1).\n\n```\nfife_launch -c x.cfg\n```");
  assert.match(html, /<h3>Plan<\/h3>/);
  assert.match(html, /<h4>Steps<\/h4>/);
  assert.match(html, /<li><strong>bold<\/strong> and <em>it<\/em><\/li>\n<li><code>code &#x3C;b><\/code><\/li>/);
  assert.match(html, /<a href="https:\/\/example.org\/a\?b=1" rel="noopener noreferrer nofollow" target="_blank">wiki<\/a>/);
  assert.match(html, /<pre><code>fife_launch -c x.cfg\n<\/code><\/pre>/);
});

test("a line break in a paragraph is kept", () => {
  assert.equal(renderMarkdown("line one\nline two"), "<p>line one<br>\nline two</p>");
});

test("GFM tables, with their alignment", () => {
  const html = renderMarkdown("| Stage | Files |\n|:--|--:|\n| reco | 1,200 |");
  assert.match(html, /<table>\s*<thead>\s*<tr>\s*<th align="left">Stage<\/th>\s*<th align="right">Files<\/th>/);
  assert.match(html, /<tbody>\s*<tr>\s*<td align="left">reco<\/td>\s*<td align="right">1,200<\/td>/);
});

test("GFM task lists show their state to eyes and screen readers, without form controls", () => {
  const html = renderMarkdown("- [x] calibrate\n- [ ] reprocess");
  assert.match(html, /<li class="task-list-item"><span role="img" aria-label="Done" class="task-box">☑<\/span> calibrate<\/li>/);
  assert.match(html, /<li class="task-list-item"><span role="img" aria-label="To do" class="task-box">☐<\/span> reprocess<\/li>/);
  assert.doesNotMatch(html, /<input/);
});

test("GFM autolinks: bare URLs, www. addresses and email addresses", () => {
  const html = renderMarkdown("See https://wiki.example.org/run60, www.example.org and ops@example.org.");
  assert.deepEqual(hrefs(html), ["https://wiki.example.org/run60", "http://www.example.org", "mailto:ops@example.org"]);
  assert.match(html, /<a href="mailto:ops@example.org" rel="noopener noreferrer nofollow">ops@example.org<\/a>/);
});

test("nested lists, quotes and strikethrough", () => {
  const html = renderMarkdown("1. first\n   - inner\n     - deeper\n2. second\n\n> quoted **advice**\n\n~~old plan~~");
  assert.match(html, /<ol>\s*<li>first\s*<ul>\s*<li>inner\s*<ul>\s*<li>deeper<\/li>/);
  assert.match(html, /<blockquote>\s*<p>quoted <strong>advice<\/strong><\/p>\s*<\/blockquote>/);
  assert.match(html, /<del>old plan<\/del>/);
});

test("footnote references point at their notes", () => {
  const html = renderMarkdown("Needs calib v7[^1].\n\n[^1]: From the 2026 run.");
  const ref = /<a href="#([^"]+)"[^>]*data-footnote-ref/.exec(html)?.[1];
  assert.ok(ref, html);
  assert.match(html, new RegExp(`<li id="${ref}">`));
});

test("links other than http(s) and mailto lose their target, whatever their spelling", () => {
  for (const src of [
    "[a](javascript:alert(1))",
    "[a](JavaScript:alert(1))",
    "[a](  javascript:alert(1) )",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "[a](javascript&#58;alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](jav&#x09;ascript:alert(1))",
    "[a](java\\script:alert(1))",
    "<javascript:alert(1)>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a](file:///etc/passwd)",
    "[a](xmpp:ops@example.org)",
    "[a](irc://irc.example.org/ops)",
  ]) {
    const html = renderMarkdown(src);
    assert.deepEqual(hrefs(html), [], `${src} → ${html}`);
    assertInert(html);
  }
});

test("an image becomes a link to it; a nested link in an image cannot smuggle a script target", () => {
  assert.equal(renderMarkdown("![plot](https://example.org/p.png)"), '<p><a href="https://example.org/p.png" rel="noopener noreferrer nofollow" target="_blank">plot</a></p>');
  for (const src of ["[![x](javascript:alert(1))](javascript:alert(2))", "![x](javascript:alert(1))", "[![x](https://ok.example/p.png)](javascript:alert(2))", "![x](data:image/svg+xml,<svg onload=alert(1)>)"]) {
    const html = renderMarkdown(src);
    assert.deepEqual(hrefs(html), [], `${src} → ${html}`);
    assertInert(html);
  }
  const html = renderMarkdown("[![x](javascript:alert(1))](https://ok.example/)");
  assert.deepEqual(hrefs(html), ["https://ok.example/"]);
  assert.doesNotMatch(html, /<a[^>]*>[^<]*<a/, "no link inside a link");
});

test("entities cannot sneak markup in", () => {
  const html = renderMarkdown("&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62; &amp;lt;b&amp;gt;");
  assertInert(html);
  assert.match(html, /&#x3C;script>alert\(1\)&#x3C;\/script>/);
});

test("a quote in a link target cannot break out of the attribute", () => {
  const html = renderMarkdown(`[x](https://e.org/"onmouseover="alert(1))`);
  assert.ok(!/href="[^"]*"onmouseover/.test(html), html);
  assertInert(html);
});

test("a table cell cannot carry raw HTML either", () => {
  const html = renderMarkdown("| a |\n|---|\n| <script>alert(1)</script> |");
  assert.match(html, /<td>&#x3C;script>alert\(1\)&#x3C;\/script><\/td>/);
  assertInert(html);
});

test("a protocol-relative link is an outside link: it gets rel and opens apart, like https", () => {
  assert.equal(renderMarkdown("[x](//evil.example/p)"), '<p><a href="//evil.example/p" rel="noopener noreferrer nofollow" target="_blank">x</a></p>');
  assert.equal(renderMarkdown("[top](#notes)"), '<p><a href="#notes">top</a></p>', "a link within the page stays as it is");
});
