// Worksheets for teachers: upload a CSV/JSONL, follow its progress, cancel it, download
// the report. The list is asked for again every few seconds while this view is open.
import { call } from "/static/api.js";
import { t } from "/static/i18n.js";

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 3000;
// keys, said when shown
const STATUS_NAMES = {
  queued: "page.worksheets.queued",
  running: "page.worksheets.running",
  done: "page.worksheets.done",
  failed: "page.worksheets.failed",
  cancelled: "page.worksheets.cancelled",
};
const RUNNER_NAMES = { "in-process": "page.worksheets.in_process", queue: "page.worksheets.queue" };
const named = (names, value) => (names[value] ? t(names[value]) : value);
// format, version, link text: the teacher's copy, the sheet for the class, the key (zuoye.batch.reports)
const REPORTS = [
  ["html", "full", "page.worksheets.report_full"],
  ["html", "student", "page.worksheets.report_student"],
  ["html", "key", "page.worksheets.report_key"],
  ["md", "full", "page.worksheets.report_md"],
  ["csv", "full", "page.worksheets.report_csv"],
];
// The report's header typed on upload: input, form field, label, the API's limit (TITLE_CHARS,
// CLASS_CHARS in routes/worksheets.py; index.html's maxlength too).
const HEADER_FIELDS = [
  ["worksheet-title", "title", "page.worksheets.title_label", 100],
  ["worksheet-class", "class", "page.worksheets.class_label", 50],
];
// What the API refuses (zuoye.text): control characters but tab and line breaks, lone surrogates.
// With /u a pair (an emoji) is one character, as in Python, and only a lone half matches.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
let timer = null;
let ready = false;

// Who may: a teacher (multi-user mode), the local user (single-user mode), an admin. The page
// boots again after a login that a lapsed session asked for: the listeners are added once.
export function initWorksheets(me, { beforeOpen }) {
  const role = me.mode === "multi-user" ? me.user.role : "local";
  if (!["teacher", "local", "admin"].includes(role)) return;
  $("worksheets-entry").hidden = false;
  if (ready) return;
  ready = true;
  window.addEventListener("zuoye:login-required", () => {
    $("worksheets-view").hidden = true;
  });
  $("worksheets-entry").addEventListener("click", () => {
    beforeOpen();
    $("worksheets-view").hidden = false;
    $("title").textContent = t("page.worksheets.title");
    refresh();
  });
  $("worksheet-form").addEventListener("submit", upload);
}

async function upload(event) {
  event.preventDefault();
  const input = $("worksheet-file");
  const status = $("worksheet-status");
  if (!input.files.length) {
    status.textContent = t("page.worksheets.no_file");
    return;
  }
  const form = new FormData();
  form.append("file", input.files[0]);
  for (const [id, field, label, max] of HEADER_FIELDS) {
    const value = $(id).value.trim();
    const problem = fieldProblem(value, max, t(label));
    if (problem) {
      status.textContent = problem;
      $(id).focus();
      return;
    }
    if (value) form.append(field, value);
  }
  status.textContent = t("page.worksheets.uploading");
  try {
    const job = await call("POST", "/api/worksheets", form);
    const [title, total, skipped] = [job.title || job.name, job.total, job.bad_lines.length];
    status.textContent = skipped
      ? t("page.worksheets.uploaded_skipped", { title, total, skipped })
      : t("page.worksheets.uploaded", { title, total });
    input.value = "";
  } catch (error) {
    status.textContent = error.message;
  }
  refresh();
}

// Said as the API says it, so the page and a 422 read alike; the API checks again.
function fieldProblem(value, max, label) {
  const chars = [...value];
  if (chars.length > max) return t("page.worksheets.too_long", { label, max, count: chars.length });
  const found = CONTROL.exec(value);
  if (found) {
    const code = found[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    const position = [...value.slice(0, found.index)].length + 1; // in characters, as the API counts
    return t("page.worksheets.control", { label, position, code });
  }
  return "";
}

async function refresh() {
  clearTimeout(timer);
  if ($("worksheets-view").hidden) return; // another view was opened: stop asking
  try {
    const { worksheets } = await call("GET", "/api/worksheets");
    render(worksheets);
  } catch (error) {
    $("worksheet-status").textContent = error.message;
  }
  timer = setTimeout(refresh, REFRESH_MS);
}

function render(jobs) {
  const list = $("worksheet-jobs");
  list.textContent = "";
  $("no-worksheets").hidden = jobs.length > 0;
  for (const job of jobs) list.append(item(job));
}

function item(job) {
  const li = document.createElement("li");
  li.className = `ws-job ws-${job.status}`;
  li.dataset.id = job.id;
  const head = document.createElement("div");
  head.className = "ws-head";
  const name = document.createElement("strong");
  name.className = "ws-title";
  name.textContent = job.title || job.name;
  const badge = document.createElement("span");
  badge.className = "badge ws-status";
  badge.textContent = named(STATUS_NAMES, job.status);
  head.append(name, badge);
  li.append(head);
  // With a title the file's name moves below it, beside the class the report is for.
  const sub = [job.title ? job.name : "", job.class_name ? t("page.worksheets.class_of", { name: job.class_name }) : ""].filter(Boolean);
  if (sub.length) {
    const line = document.createElement("p");
    line.className = "muted small ws-sub";
    line.textContent = sub.join(" · ");
    li.append(line);
  }

  const bar = document.createElement("progress");
  bar.max = Math.max(job.total, 1);
  bar.value = job.answered + job.failed;
  const counts = document.createElement("p");
  counts.className = "muted small ws-counts";
  const parts = [t("page.worksheets.answered", { answered: job.answered, total: job.total })];
  if (job.failed) parts.push(t("page.worksheets.failed_count", { count: job.failed }));
  if (job.bad_lines.length) {
    const lines = job.bad_lines.map((b) => b.line).slice(0, 5).join(t("page.list_separator"));
    parts.push(t("page.worksheets.skipped", { count: job.bad_lines.length, lines }));
  }
  if (job.runs > 1) parts.push(t("page.worksheets.resumed"));
  parts.push(named(RUNNER_NAMES, job.runner));
  counts.textContent = parts.join(" · ");
  li.append(bar, counts);

  if (job.error) {
    const error = document.createElement("p");
    error.className = "error small";
    error.textContent = job.error;
    li.append(error);
  }
  const actions = document.createElement("div");
  actions.className = "ws-actions";
  if (job.status === "queued" || job.status === "running") {
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button danger small ws-cancel";
    cancel.textContent = job.cancel_requested ? t("page.worksheets.cancelling") : t("page.worksheets.cancel");
    cancel.disabled = job.cancel_requested;
    cancel.addEventListener("click", async () => {
      // No confirm: cancelling loses nothing (what is answered stays, and it can be uploaded again).
      cancel.disabled = true;
      try {
        await call("POST", `/api/worksheets/${job.id}/cancel`);
      } catch (error) {
        $("worksheet-status").textContent = error.message;
      }
      refresh();
    });
    actions.append(cancel);
  }
  if (job.answered + job.failed > 0) {
    const label = document.createElement("span");
    label.className = "muted small";
    label.textContent = job.status === "done" ? t("page.worksheets.download") : t("page.worksheets.download_partial");
    actions.append(label);
    for (const [format, version, text] of REPORTS) {
      const link = document.createElement("a");
      link.href = `/api/worksheets/${job.id}/report?format=${format}&version=${version}`;
      link.className = `ws-report ws-report-${format}${version === "full" ? "" : `-${version}`}`;
      link.textContent = t(text);
      link.setAttribute("download", "");
      actions.append(link);
    }
  }
  li.append(actions);
  return li;
}
