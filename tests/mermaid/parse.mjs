// Parse Mermaid diagrams with Mermaid 11's own parser, the way GitHub's renderer reads them.
//
// Usage: node parse.mjs [--labels] FILE...   (a FILE of `-` reads stdin)
// Prints one JSON line per file: {"file", "ok", "type", "error"}; with --labels also "labels":
// each flowchart node's label as the reader will see it (entity codes decoded, <br> → newline,
// tags dropped) and "edges": [start, end, label, stroke]. Exits 1 when any file fails to parse.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

// Mermaid imports DOMPurify, which needs a window with a document, even just to parse.
const { window } = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = window;
globalThis.document = window.document;

const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });

// What Mermaid does to a label when it draws it: its entity placeholders back to HTML entities,
// then the browser decodes the HTML.
function shown(label) {
  const html = label
    .replace(/ﬂ°°/g, "&#")
    .replace(/ﬂ°/g, "&")
    .replace(/¶ß/g, ";")
    .replace(/<br\s*\/?>/gi, "\n");
  const element = window.document.createElement("div");
  element.innerHTML = html;
  return element.textContent;
}

const args = process.argv.slice(2);
const withLabels = args[0] === "--labels";
const files = withLabels ? args.slice(1) : args;

let failed = 0;
for (const file of files) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  const result = { file, ok: false, type: null, error: null };
  try {
    const parsed = await mermaid.parse(text);
    result.ok = true;
    result.type = parsed.diagramType;
    if (withLabels) {
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
      result.labels = {};
      for (const [id, vertex] of diagram.db.getVertices()) {
        result.labels[id] = { text: shown(vertex.text ?? ""), classes: vertex.classes };
      }
      result.edges = diagram.db
        .getEdges()
        .map((edge) => [edge.start, edge.end, shown(edge.text ?? ""), edge.stroke]);
    }
  } catch (error) {
    failed += 1;
    result.error = String(error?.message ?? error).split("\n").slice(0, 6).join("\n");
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}
process.exit(failed ? 1 : 0);
