// Small DOM helpers the page's views share.

// An element with a class and its text (text, never HTML: what a student wrote stays text).
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
