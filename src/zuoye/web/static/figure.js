// A checked answer's figure: the graph or number line the solver computed (zuoye.math, every
// labelled value from SymPy), drawn with JSXGraph so it pans and zooms (two fingers on a phone:
// one finger still scrolls the page). The page only draws: curves are the server's sampled
// points, labels its LaTeX; nothing here evaluates a formula.
//
// JSXGraph (~1 MB) is loaded the first time an answer has a figure, not with the page. When it
// cannot be loaded the figure's key points are still listed under the title, with a line saying
// why there is no picture.
import { segmentsToHtml } from "/static/render.js";
import { t } from "/static/i18n.js";

const CURVE_COLOURS = ["#c8102e", "#1f5fbf", "#1b7f3b", "#8a4fbf"];
const POINT_COLOUR = "#1d1d1f";
const SPAN_COLOUR = "#1f5fbf";
let library = null; // the JSXGraph module's promise, shared by every figure
let boards = 0;

function loadLibrary() {
  if (library === null) {
    for (const href of ["/vendor/jsxgraph/jsxgraph.css", "/static/figure.css"]) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.append(link);
    }
    library = import("/vendor/jsxgraph/jsxgraphcore.mjs").then((module) => module.default);
    library.catch(() => (library = null)); // a later figure may try again
  }
  return library;
}

// "函数 $y = x^{2}$ 的图像" → safe HTML with the maths typeset (the page's one renderer).
function titleHtml(text) {
  const parts = text.split("$");
  const segments = parts.map((content, i) => ({ kind: i % 2 ? "inline" : "text", content }));
  return segmentsToHtml(segments.filter((s) => s.content));
}

// One colour per curve label: a circle's two halves (one equation) are one colour.
function curveColours(figure) {
  const colours = new Map();
  for (const curve of figure.curves) {
    if (!colours.has(curve.latex)) colours.set(curve.latex, CURVE_COLOURS[colours.size % CURVE_COLOURS.length]);
  }
  return colours;
}

function maths(latex) {
  return segmentsToHtml([{ kind: "inline", content: latex }]);
}

// The key facts under the picture, in words and exact maths: readable without the picture, and
// what a screen reader reads.
function keyList(figure) {
  const list = document.createElement("ul");
  list.className = "figure-keys";
  const add = (caption, latex) => {
    const item = document.createElement("li");
    item.innerHTML = `<span class="figure-key-caption"></span>${maths(latex)}`;
    item.firstChild.textContent = t("page.figure.key", { caption });
    list.append(item);
  };
  if (figure.kind === "number_line") {
    if (figure.answer_latex) add(t("page.figure.solution_set"), figure.answer_latex);
  }
  for (const [latex, colour] of curveColours(figure)) {
    const item = document.createElement("li");
    item.className = "figure-key-curve";
    item.innerHTML = `<span class="figure-swatch"></span>${maths(latex)}`;
    item.firstChild.style.background = colour;
    list.append(item);
  }
  for (const point of figure.points) add(point.caption, point.latex);
  for (const guide of figure.guides) add(guide.caption, guide.latex);
  for (const region of figure.regions) add(region.caption, region.latex);
  return list;
}

function boardOptions(figure, JXG) {
  const [x0, x1, y0, y1] = figure.window;
  const line = figure.kind === "number_line";
  const height = line ? (x1 - x0) * 0.12 : 0;
  return {
    boundingbox: line ? [x0, height, x1, -height] : [x0, y1, x1, y0],
    keepAspectRatio: Boolean(figure.equal_scale), // JSXGraph widens the window to keep units equal
    axis: !line,
    showCopyright: false,
    showNavigation: true,
    showFullscreen: false,
    browserPan: true, // one finger scrolls the page on a phone; two pan and pinch the figure
    pan: { enabled: true, needTwoFingers: true, needShift: false },
    zoom: { enabled: true, wheel: true, needShift: true, pinch: true, min: 0.05, max: 50, factorX: 1.25, factorY: line ? 1 : 1.25 },
    defaultAxes: {
      x: { name: figure.variable, withLabel: true, label: { position: "rt", offset: [-12, 12] } },
      y: { name: "y", withLabel: true, label: { position: "rt", offset: [8, -4] } },
    },
    renderer: JXG.supportsSVG() ? "svg" : "canvas",
  };
}

function drawGraph(board, figure) {
  const colours = curveColours(figure);
  figure.curves.forEach((curve) => {
    const colour = colours.get(curve.latex);
    for (const segment of curve.segments) {
      const drawn = board.create("curve", [segment.map((p) => p[0]), segment.map((p) => p[1])], {
        strokeColor: colour,
        strokeWidth: 2.5,
        highlight: false,
        fixed: true,
      });
      drawn.rendNode?.setAttribute("data-curve", curve.latex);
    }
  });
  for (const region of figure.regions) {
    board.create("curve", [region.points.map((p) => p[0]), region.points.map((p) => p[1])], {
      fillColor: CURVE_COLOURS[0],
      fillOpacity: 0.18,
      strokeWidth: 0,
      highlight: false,
      fixed: true,
    });
  }
  for (const guide of figure.guides) {
    const ends = guide.vertical ? [[guide.at, 0], [guide.at, 1]] : [[0, guide.at], [1, guide.at]];
    board.create("line", ends, {
      strokeColor: guide.kind === "axis" ? "#8a8a90" : "#a15c00",
      strokeWidth: 1.5,
      dash: 2,
      highlight: false,
      fixed: true,
    });
  }
  // Neighbouring labels take turns above and below their points when they are close (sin x = 1/2
  // has four crossings in a row).
  const [x0, x1] = figure.window;
  const sorted = [...figure.points].sort((a, b) => a.x - b.x);
  let lastAbove = -Infinity;
  const below = new Set();
  for (const point of sorted) {
    if (point.kind === "vertex" || point.x - lastAbove < (x1 - x0) * 0.22) below.add(point);
    else lastAbove = point.x;
  }
  for (const point of figure.points) {
    const drawn = board.create("point", [point.x, point.y], {
      name: maths(point.latex),
      size: 3.5,
      strokeColor: POINT_COLOUR,
      fillColor: point.kind === "vertex" ? "#ffffff" : POINT_COLOUR,
      fixed: true,
      showInfobox: false,
      label: { offset: below.has(point) ? [6, -14] : [6, 10], cssClass: "figure-label", highlightCssClass: "figure-label", fontSize: 13, parse: false },
    });
    drawn.rendNode?.setAttribute("data-kind", point.kind);
  }
}

function drawNumberLine(board, figure) {
  const [x0, x1] = figure.window;
  const width = x1 - x0;
  board.create("axis", [[0, 0], [1, 0]], {
    name: figure.variable,
    withLabel: true,
    label: { position: "rt", offset: [-12, 14] },
    ticks: { drawLabels: true, drawZero: true, label: { offset: [-4, -14] }, majorHeight: 8, minorTicks: 0 },
  });
  for (const span of figure.spans) {
    const lo = span.lo === null ? x0 - width * 10 : span.lo;
    const hi = span.hi === null ? x1 + width * 10 : span.hi;
    if (lo !== hi) {
      board.create("segment", [[lo, 0], [hi, 0]], {
        strokeColor: SPAN_COLOUR,
        strokeWidth: 6,
        strokeOpacity: 0.75,
        highlight: false,
        fixed: true,
      });
    }
    const ends = [];
    if (span.lo !== null) ends.push([span.lo, span.lo_closed, span.lo_latex]);
    if (span.hi !== null && span.hi !== span.lo) ends.push([span.hi, span.hi_closed, span.hi_latex]);
    for (const [at, closed, latex] of ends) {
      const end = board.create("point", [at, 0], {
        name: maths(latex),
        size: 5,
        strokeColor: SPAN_COLOUR,
        strokeWidth: 2,
        fillColor: closed ? SPAN_COLOUR : "#ffffff", // ● closed end, ○ open end
        fixed: true,
        showInfobox: false,
        label: { offset: [-8, 22], cssClass: "figure-label", highlightCssClass: "figure-label", fontSize: 13, parse: false },
      });
      end.rendNode?.setAttribute("data-end", closed ? "closed" : "open");
    }
  }
}

// Draw `figure` (the check's description) at the end of `container`. Resolves once it is drawn;
// the time it took, library loading included, is kept in data-draw-ms (bench/bench_figure.py).
export async function drawFigure(container, figure) {
  const started = performance.now();
  const box = document.createElement("figure");
  box.className = `figure figure-${figure.kind}`;
  const caption = document.createElement("figcaption");
  caption.innerHTML = titleHtml(figure.title);
  const note = document.createElement("span");
  note.className = "figure-note";
  // How to move it: two fingers on a touch screen (one scrolls the page); a mouse drags, and
  // zooms with Shift + wheel or the + / − buttons (the wheel alone still scrolls the page).
  const touch = window.matchMedia("(pointer: coarse)").matches;
  note.textContent = touch
    ? t("page.figure.note_touch")
    : t("page.figure.note_mouse");
  caption.append(note);
  const board = document.createElement("div");
  board.className = "figure-board";
  board.id = `figure-board-${++boards}`;
  board.setAttribute("role", "img");
  board.setAttribute("aria-label", figure.kind === "number_line" ? t("page.figure.number_line") : t("page.figure.graph"));
  box.append(caption, board, keyList(figure));
  container.append(box);
  try {
    const JXG = await loadLibrary();
    const drawn = JXG.JSXGraph.initBoard(board.id, boardOptions(figure, JXG));
    drawn.suspendUpdate();
    if (figure.kind === "number_line") drawNumberLine(drawn, figure);
    else drawGraph(drawn, figure);
    drawn.unsuspendUpdate();
  } catch (error) {
    board.remove();
    const failed = document.createElement("p");
    failed.className = "figure-note";
    failed.textContent = t("page.figure.failed");
    caption.after(failed);
  }
  box.dataset.drawMs = (performance.now() - started).toFixed(1);
  return box;
}
