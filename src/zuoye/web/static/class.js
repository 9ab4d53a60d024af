// 学习概况: what a teacher or parent sees of the students linked to them — questions per day,
// topics (the solver's kinds of problem), the kinds of first wrong line in 批改, how often the help
// ceiling held an answer back, the 错题本 entries due — and the same as a CSV for Excel.
import { call } from "/static/api.js";
import { el } from "/static/dom.js";
import { renderInto } from "/static/render.js";

const $ = (id) => document.getElementById(id);
const PERIODS = [7, 14, 30];
let ready = false;
let days = 14;
let openStudent = null;

export function initClassView(me, { beforeOpen, onStudent }) {
  if (me.mode !== "multi-user" || !["teacher", "parent"].includes(me.user.role)) return;
  $("class-entry").hidden = false;
  $("class-entry").textContent = me.user.role === "parent" ? "孩子的学习概况" : "班级学习概况";
  openStudent = onStudent;
  if (ready) return;
  ready = true;
  window.addEventListener("zuoye:login-required", () => {
    $("class-view").hidden = true;
  });
  $("class-entry").addEventListener("click", () => {
    beforeOpen();
    $("class-view").hidden = false;
    $("title").textContent = $("class-entry").textContent;
    load();
  });
  const select = $("class-days");
  for (const n of PERIODS) {
    const option = document.createElement("option");
    option.value = String(n);
    option.textContent = `最近 ${n} 天`;
    option.selected = n === days;
    select.append(option);
  }
  select.addEventListener("change", () => {
    days = Number(select.value);
    load();
  });
}

async function load() {
  const status = $("class-status");
  status.textContent = "正在统计……";
  $("class-csv").href = `/api/students/report.csv?days=${days}`;
  try {
    const report = await call("GET", `/api/students/report?days=${days}`);
    status.textContent = "";
    render(report);
  } catch (error) {
    status.textContent = error.message;
  }
}

function render(report) {
  const summary = $("class-summary");
  summary.textContent = "";
  const sum = (key) => report.students.reduce((n, s) => n + s[key], 0);
  const ceiling = sum("ceiling_reached") ? `，达到帮助上限 ${sum("ceiling_reached")} 次` : "";
  summary.append(
    el("p", "small", `${report.students.length} 名学生，最近 ${report.days.length} 天共提问 ${sum("questions")} 次${ceiling}。`),
  );
  summary.append(counts("常见题型", report.topics, "cls-topic"));
  summary.append(counts("批改中第一处错误的类型", report.mistakes, "cls-mistake", "还没有批改出错的步骤。"));
  const list = $("class-students");
  list.textContent = "";
  $("class-empty").hidden = report.students.length > 0;
  for (const student of report.students) list.append(card(student, report.days));
}

function counts(title, items, className, empty = "还没有记录。") {
  const box = el("div", "cls-counts");
  box.append(el("h3", "cls-label", title));
  if (!items.length) {
    box.append(el("span", "muted small", empty));
    return box;
  }
  const row = el("div", "cls-chips");
  for (const item of items) {
    const chip = el("span", `cls-chip ${className}`);
    chip.dataset.kind = item.kind;
    chip.append(el("span", "", item.name), el("strong", "", ` ${item.count}`));
    row.append(chip);
  }
  box.append(row);
  return box;
}

function card(student, dayList) {
  const li = el("li", "cls-student");
  li.dataset.id = student.id;
  const head = el("div", "cls-head");
  const name = el("button", "link-button cls-name", student.name);
  name.type = "button";
  name.title = "查看对话、设置帮助上限";
  name.addEventListener("click", () => openStudent?.(student.id));
  head.append(name, el("span", "badge", `提问 ${student.questions} 次`));
  li.append(head, bars(student.per_day, dayList));

  li.append(counts("题型", student.topics, "cls-topic"));
  if (student.not_recorded) {
    li.append(el("p", "muted small", `另有 ${student.not_recorded} 次提问早于统计功能，没有记录题型。`));
  }
  const checked = student.checked ? `批改 ${student.checked} 次` : "还没有批改";
  const none = student.checked ? "批改中没有发现错误。" : "批改过的作业会在这里显示第一处错误的类型。";
  li.append(counts(`第一处错误（${checked}）`, student.mistakes, "cls-mistake", none));

  const ceiling = el("p", "small cls-ceiling");
  ceiling.textContent = student.ceiling_known
    ? `达到帮助上限 ${student.ceiling_reached} 次（共 ${student.ceiling_known} 次提问有记录）`
    : "帮助上限：没有记录";
  if (student.ceiling_reached) ceiling.classList.add("cls-warn");
  li.append(ceiling);

  const due = el("div", "cls-due");
  due.append(el("h3", "cls-label", `错题本：${student.due_count} 道该复习`));
  if (student.due.length) {
    const ul = el("ul", "cls-due-list");
    for (const entry of student.due) {
      const item = el("li");
      item.append(el("span", "", entry.problem_text), el("span", "muted small", ` · ${entry.source_name}`));
      if (entry.wrong_line_text) item.append(el("div", "muted small", `错在：${entry.wrong_line_text}`));
      if (entry.correct_step_segments.length) {
        const step = el("div", "small cls-step");
        step.append(el("span", "muted", "应为："));
        const maths = el("span", "markdown");
        renderInto(maths, entry.correct_step_segments);
        step.append(maths);
        item.append(step);
      }
      ul.append(item);
    }
    due.append(ul);
    if (student.due_count > student.due.length) {
      due.append(el("p", "muted small", `另有 ${student.due_count - student.due.length} 道未列出。`));
    }
  }
  li.append(due);
  return li;
}

// Questions per day as bars: a glance at who asks and when. The numbers are in each bar's title
// and in the CSV; the first and last days are labelled.
function bars(perDay, dayList) {
  const box = el("div", "cls-days");
  box.setAttribute("role", "img");
  box.setAttribute("aria-label", `每天的提问次数：${perDay.join("、")}`);
  const most = Math.max(1, ...perDay);
  perDay.forEach((n, i) => {
    const bar = el("span", "cls-bar");
    bar.style.height = `${Math.round((n / most) * 100)}%`;
    bar.title = `${dayLabel(dayList[i])}：${n} 次`;
    if (!n) bar.classList.add("cls-zero");
    box.append(bar);
  });
  const labels = el("div", "cls-day-labels muted small");
  labels.append(el("span", "", dayLabel(dayList[0])), el("span", "", "今天"));
  const wrap = el("div", "cls-chart");
  wrap.append(box, labels);
  return wrap;
}

function dayLabel(iso) {
  const [, month, day] = iso.split("-");
  return `${Number(month)}月${Number(day)}日`;
}
