// Answer segments → safe HTML.
//
// The server (zuoye.render, the one maths normaliser) has already decided what is maths: an answer
// arrives as segments {kind: "text" | "inline" | "display", content}. Here text is rendered as
// Markdown with raw HTML turned off, each formula is typeset by KaTeX, and the whole result goes
// through DOMPurify before it touches the page. Nothing in an answer can run: there is no inline
// script under the page's CSP, markdown-it refuses javascript: links, DOMPurify removes any
// attribute or element that could.
import markdownit from "/vendor/markdown-it/markdown-it.esm.min.mjs";
import DOMPurify from "/vendor/dompurify/purify.es.mjs";
import katex from "/vendor/katex/katex.mjs";
import { t } from "/static/i18n.js";

const md = markdownit({ html: false, linkify: true, breaks: true, typographer: false });

// Formulae stand in the Markdown as private-use placeholders, so Markdown never sees their
// underscores and asterisks; the same characters in the answer itself are neutralised.
const OPEN = "\uE000";
const CLOSE = "\uE001";
const PLACEHOLDER = /\uE000(\d+)\uE001/g;
const STRAY = /[\uE000\uE001]/g;

const mathCache = new Map();

function typeset(segment) {
  const key = segment.kind + "\u0000" + segment.content;
  let html = mathCache.get(key);
  if (html === undefined) {
    html = katex.renderToString(segment.content, {
      displayMode: segment.kind === "display",
      throwOnError: false, // a formula KaTeX cannot read is shown as its source, in red
      strict: false, // Chinese inside \text{} is fine
      trust: false, // no \href, \url, \htmlClass …
      maxExpand: 500,
      maxSize: 20,
      output: "htmlAndMathml",
    });
    if (mathCache.size > 2000) mathCache.clear();
    mathCache.set(key, html);
  }
  return html;
}

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

const PURIFY = {
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed"],
  FORBID_ATTR: ["id", "name"], // no clobbering of the page's own elements
};

export function segmentsToHtml(segments) {
  let source = "";
  const maths = [];
  for (const segment of segments) {
    if (segment.kind === "text") {
      source += segment.content.replace(STRAY, "\uFFFD");
    } else {
      source += OPEN + maths.length + CLOSE;
      maths.push(segment);
    }
  }
  let html = md.render(source);
  html = html.replace(PLACEHOLDER, (_, i) => typeset(maths[Number(i)]));
  return DOMPurify.sanitize(html, PURIFY);
}

// Render into an element, and give each code block a copy button.
export function renderInto(element, segments) {
  element.innerHTML = segmentsToHtml(segments);
  for (const pre of element.querySelectorAll("pre")) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "copy-code link-button small";
    button.textContent = t("page.copy.code");
    button.addEventListener("click", () => copyText(pre.querySelector("code")?.textContent ?? pre.textContent, button));
    pre.prepend(button);
  }
}

export async function copyText(text, button) {
  const before = button.textContent;
  let copied;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch {
    copied = copyBySelection(text, button);
  }
  button.textContent = t(copied ? "page.copy.done" : "page.copy.failed");
  setTimeout(() => (button.textContent = before), 1500);
}

// The Clipboard API exists only on https and localhost: a school's server on plain http on its own
// network gets the older way, the text selected in a box off the screen and copied.
function copyBySelection(text, button) {
  const box = document.createElement("textarea");
  box.className = "copy-buffer";
  box.value = text;
  box.readOnly = true;
  document.body.append(box);
  box.select();
  box.setSelectionRange(0, text.length); // iOS selects nothing with select() alone
  let copied = false;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  box.remove();
  button.focus();
  return copied;
}

// Segments arriving in pieces: adjacent text segments merge.
export function appendSegments(list, more) {
  for (const segment of more) {
    const last = list[list.length - 1];
    if (last && last.kind === "text" && segment.kind === "text") {
      list[list.length - 1] = { kind: "text", content: last.content + segment.content };
    } else {
      list.push({ kind: segment.kind, content: segment.content });
    }
  }
  return list;
}
