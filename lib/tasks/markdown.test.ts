import { test } from "node:test";
import assert from "node:assert/strict";
import { renderMarkdown } from "./markdown";

test("HTML and script in the text are rendered inert", () => {
  const html = renderMarkdown(`<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n[x](javascript:alert(1))`);
  assert.ok(!html.includes("<script"), html);
  assert.ok(!html.includes("<img"), html);
  assert.ok(!html.includes('href="javascript'), html);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
});

test("the usual constructs are formatted", () => {
  const html = renderMarkdown("# Plan\n\n- **bold** and *it*\n- `code <b>`\n\nSee [wiki](https://example.org/a?b=1).\n\n```\nfife_launch -c x.cfg\n```");
  assert.match(html, /<h3>Plan<\/h3>/);
  assert.match(html, /<ul><li><strong>bold<\/strong> and <em>it<\/em><\/li><li><code>code &lt;b&gt;<\/code><\/li><\/ul>/);
  assert.match(html, /<a href="https:\/\/example.org\/a\?b=1" rel="noopener noreferrer nofollow" target="_blank">wiki<\/a>/);
  assert.match(html, /<pre><code>fife_launch -c x.cfg<\/code><\/pre>/);
});

test("a quote in a link target cannot break out of the attribute", () => {
  const html = renderMarkdown(`[x](https://e.org/"onmouseover="alert(1))`);
  assert.ok(!/href="[^"]*"onmouseover/.test(html), html);
});
