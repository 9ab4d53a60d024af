// Worksheets (作业单) for teachers: upload a CSV/JSONL, follow its progress, cancel it, download
// the report. The list is asked for again every few seconds while this view is open.
import { call } from "/static/api.js";

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 3000;
const STATUS_NAMES = { queued: "排队中", running: "答题中", done: "已完成", failed: "失败", cancelled: "已取消" };
const RUNNER_NAMES = { "in-process": "本服务器处理", queue: "作业队列处理" };
// format, version, link text: the teacher's copy, the sheet for the class, the key (zuoye.batch.reports)
const REPORTS = [
  ["html", "full", "网页（解答）"],
  ["html", "student", "学生版（无答案）"],
  ["html", "key", "答案"],
  ["md", "full", "Markdown"],
  ["csv", "full", "CSV（Excel）"],
];
// The report's header typed on upload: input, form field, label, the API's limit (TITLE_CHARS,
// CLASS_CHARS in routes/worksheets.py; index.html's maxlength too).
const HEADER_FIELDS = [
  ["worksheet-title", "title", "标题", 100],
  ["worksheet-class", "class", "班级", 50],
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
    $("title").textContent = "作业单";
    refresh();
  });
  $("worksheet-form").addEventListener("submit", upload);
}

async function upload(event) {
  event.preventDefault();
  const input = $("worksheet-file");
  const status = $("worksheet-status");
  if (!input.files.length) {
    status.textContent = "请先选择一个 .csv 或 .jsonl 文件。";
    return;
  }
  const form = new FormData();
  form.append("file", input.files[0]);
  for (const [id, field, label, max] of HEADER_FIELDS) {
    const value = $(id).value.trim();
    const problem = fieldProblem(value, max);
    if (problem) {
      status.textContent = `${label}${problem}`;
      $(id).focus();
      return;
    }
    if (value) form.append(field, value);
  }
  status.textContent = "上传中……";
  try {
    const job = await call("POST", "/api/worksheets", form);
    status.textContent = `已上传“${job.title || job.name}”：共 ${job.total} 题${job.bad_lines.length ? `，跳过 ${job.bad_lines.length} 行` : ""}。`;
    input.value = "";
  } catch (error) {
    status.textContent = error.message;
  }
  refresh();
}

// Said as the API says it, so the page and a 422 read alike; the API checks again.
function fieldProblem(value, max) {
  const chars = [...value];
  if (chars.length > max) return `最多 ${max} 个字符（现在 ${chars.length} 个）：请改短后重试。`;
  const found = CONTROL.exec(value);
  if (found) {
    const code = found[0].codePointAt(0).toString(16).toUpperCase().padStart(4, "0");
    const position = [...value.slice(0, found.index)].length + 1; // in characters, as the API counts
    return `不能含有控制字符（第 ${position} 个字符是 U+${code}）：请删去后重试。`;
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
  badge.textContent = STATUS_NAMES[job.status] ?? job.status;
  head.append(name, badge);
  li.append(head);
  // With a title the file's name moves below it, beside the class the report is for.
  const sub = [job.title ? job.name : "", job.class_name ? `班级：${job.class_name}` : ""].filter(Boolean);
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
  const parts = [`已答 ${job.answered} / ${job.total} 题`];
  if (job.failed) parts.push(`失败 ${job.failed}`);
  if (job.bad_lines.length) parts.push(`跳过 ${job.bad_lines.length} 行（第 ${job.bad_lines.map((b) => b.line).slice(0, 5).join("、")} 行）`);
  if (job.runs > 1) parts.push("已在另一个 worker 上接着做");
  parts.push(RUNNER_NAMES[job.runner] ?? job.runner);
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
    cancel.textContent = job.cancel_requested ? "正在取消……" : "取消";
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
    label.textContent = job.status === "done" ? "下载报告：" : "下载已答部分：";
    actions.append(label);
    for (const [format, version, text] of REPORTS) {
      const link = document.createElement("a");
      link.href = `/api/worksheets/${job.id}/report?format=${format}&version=${version}`;
      link.className = `ws-report ws-report-${format}${version === "full" ? "" : `-${version}`}`;
      link.textContent = text;
      link.setAttribute("download", "");
      actions.append(link);
    }
  }
  li.append(actions);
  return li;
}
