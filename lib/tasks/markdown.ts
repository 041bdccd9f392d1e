/**
 * Markdown of request descriptions and comments, with GitHub's extensions (tables, autolinks, task
 * lists, strikethrough, footnotes), rendered by unified (remark → rehype). Safe by construction:
 * - raw HTML is never rendered: it is turned into plain text before the HTML tree is built (so a
 *   person sees the `<script>` they typed, inert), and remark-rehype runs without allowDangerousHtml;
 * - the tree is then sanitised (GitHub's rules) with links limited to http, https and mailto;
 * - images become links to the picture (the page policy loads no outside images, and they could
 *   track readers);
 * - only after sanitising are fixed attributes added (rel on links, labels on task-list boxes).
 * No `server-only`: the request form's preview renders in the browser with the same function.
 */
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeSanitize, { defaultSchema } from "rehype-sanitize";
import rehypeStringify from "rehype-stringify";

/** The few node shapes we touch; mdast and hast nodes both fit it. */
type Node = { type: string; value?: string; tagName?: string; url?: string; properties?: Record<string, unknown>; children?: Node[] };

/** Visits every node, parents first; a visitor may replace the node's children before they are walked. */
function walk(node: Node, visit: (node: Node, ancestors: Node[]) => void, ancestors: Node[] = []) {
  visit(node, ancestors);
  if (node.children) for (const child of node.children) walk(child, visit, [...ancestors, node]);
}

const PHRASING_PARENTS = new Set(["paragraph", "heading", "emphasis", "strong", "delete", "link", "linkReference", "tableCell"]);

/** Raw HTML in the text is shown as the text it is: inline as text, a block as a paragraph of text. */
function rawHtmlAsText() {
  return (tree: Node) =>
    walk(tree, (node) => {
      node.children = node.children?.map((child) => {
        if (child.type !== "html") return child;
        const text = { type: "text", value: child.value ?? "" };
        return PHRASING_PARENTS.has(node.type) ? text : { type: "paragraph", children: [text] };
      });
    });
}

/** A line break in a paragraph is a line break on the page, as in GitHub comments. */
function hardLineBreaks() {
  return (tree: Node) =>
    walk(tree, (node) => {
      if (!node.children?.some((c) => c.type === "text" && c.value?.includes("\n"))) return;
      node.children = node.children.flatMap((c) =>
        c.type === "text" && c.value?.includes("\n")
          ? c.value.split("\n").flatMap((part, i) => [...(i ? [{ type: "break" }] : []), ...(part ? [{ type: "text", value: part }] : [])])
          : [c],
      );
    });
}

/** An image becomes a link to it, named by its alt text (a plain text inside another link). */
function imagesAsLinks() {
  return (tree: Node) =>
    walk(tree, (node, ancestors) => {
      const insideLink = [...ancestors, node].some((a) => a.type === "link" || a.type === "linkReference");
      node.children = node.children?.map((child) => {
        if (child.type !== "image") return child;
        const text = { type: "text", value: (child as { alt?: string }).alt || "image" };
        return insideLink ? text : { type: "link", url: child.url ?? "", children: [text] };
      });
    });
}

/** Headings sit inside a page that has its own h1 and h2: # is h3, ## h4, the rest h5 and h6. */
function shiftHeadings() {
  return (tree: Node) =>
    walk(tree, (node) => {
      const m = node.type === "element" && /^h([1-6])$/.exec(node.tagName ?? "");
      if (m) node.tagName = `h${Math.min(6, Number(m[1]) + 2)}`;
    });
}

/** A read-only box a screen reader announces by its state (a bare disabled checkbox has no name). */
const taskBox = (done: boolean): Node => ({ type: "element", tagName: "span", properties: { role: "img", ariaLabel: done ? "Done" : "To do", className: ["task-box"] }, children: [{ type: "text", value: done ? "☑" : "☐" }] });

/** Added after sanitising, with fixed values only. */
function decorateSafeTree() {
  return (tree: Node) =>
    walk(tree, (node) => {
      if (node.type !== "element") return;
      const props = (node.properties ??= {});
      if (node.tagName === "a" && typeof props.href === "string" && /^(https?:|mailto:|\/\/)/i.test(props.href)) {
        props.rel = ["noopener", "noreferrer", "nofollow"];
        if (!props.href.startsWith("mailto:")) props.target = "_blank";
      }
      node.children = node.children?.map((c) => (c.type === "element" && c.tagName === "input" && c.properties?.type === "checkbox" ? taskBox(Boolean(c.properties.checked)) : c));
    });
}

const schema = {
  ...defaultSchema,
  tagNames: (defaultSchema.tagNames ?? []).filter((t) => t !== "img" && t !== "picture" && t !== "source"),
  protocols: { href: ["http", "https", "mailto"], cite: ["http", "https"] },
  // remark-rehype already prefixes the only ids there are (footnotes, "user-content-…"): no raw HTML
  // reaches the tree, so no id comes from the person; prefixing again would break the footnote links.
  clobberPrefix: "",
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(rawHtmlAsText)
  .use(imagesAsLinks)
  .use(hardLineBreaks)
  .use(remarkRehype)
  .use(shiftHeadings)
  .use(rehypeSanitize, schema)
  .use(decorateSafeTree)
  .use(rehypeStringify);

export function renderMarkdown(text: string): string {
  return String(processor.processSync(text)).trim();
}
