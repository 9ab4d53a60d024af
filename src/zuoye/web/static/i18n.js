// The page's words in the reader's language: the server puts the `page.*` table of the message
// catalogue into the page (<script type="application/json" id="page-messages">, see
// zuoye/web/_index.py). t(key, { count }) says one; a key the table lacks shows as itself,
// so a missing word is visible and never stops the page.
const table = (() => {
  try {
    const data = JSON.parse(document.getElementById("page-messages")?.textContent ?? "{}");
    return data && typeof data === "object" ? data : {};
  } catch {
    return {};
  }
})();

// The page's language as the server chose it ("zh-CN" or "en").
export const lang = document.documentElement.lang || "zh-CN";
export const english = lang.startsWith("en");

// Placeholders are named, as in Python's str.format: {count}; a doubled brace is a literal one.
export function t(key, params = {}) {
  const text = table[key];
  if (typeof text !== "string") return key;
  return text.replace(/\{\{|\}\}|\{(\w+)\}/g, (match, name) => {
    if (match === "{{") return "{";
    if (match === "}}") return "}";
    return Object.hasOwn(params, name) ? String(params[name]) : match;
  });
}
