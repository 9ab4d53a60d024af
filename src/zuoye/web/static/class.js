// 学习概况: what a teacher or parent sees of the students linked to them — questions per day,
// topics (the solver's kinds of problem), the kinds of first wrong line in 批改, how often the help
// ceiling held an answer back, the 错题本 entries due — and the same as a CSV for Excel.
import { call } from "/static/api.js";
import { el } from "/static/dom.js";
import { renderInto } from "/static/render.js";
import { t } from "/static/i18n.js";

const $ = (id) => document.getElementById(id);
const PERIODS = [7, 14, 30];
let ready = false;
let days = 14;
let openStudent = null;

export function initClassView(me, { beforeOpen, onStudent }) {
  if (me.mode !== "multi-user" || !["teacher", "parent"].includes(me.user.role)) return;
  $("class-entry").hidden = false;
  $("class-entry").textContent = me.user.role === "parent" ? t("page.class.entry_parent") : t("page.class.entry_teacher");
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
    option.textContent = t("page.class.last_days", { count: n });
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
  status.textContent = t("page.class.counting");
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
  const [students, days, questions, ceiling] = [
    report.students.length,
    report.days.length,
    sum("questions"),
    sum("ceiling_reached"),
  ];
  const said = ceiling
    ? t("page.class.summary_ceiling", { students, days, questions, ceiling })
    : t("page.class.summary", { students, days, questions });
  summary.append(el("p", "small", said));
  summary.append(counts(t("page.class.topics_common"), report.topics, "cls-topic"));
  summary.append(counts(t("page.class.mistake_kinds"), report.mistakes, "cls-mistake", t("page.class.no_mistakes")));
  const list = $("class-students");
  list.textContent = "";
  $("class-empty").hidden = report.students.length > 0;
  for (const student of report.students) list.append(card(student, report.days));
}

function counts(title, items, className, empty = t("page.class.no_records")) {
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
  name.title = t("page.class.open_student");
  name.addEventListener("click", () => openStudent?.(student.id));
  head.append(name, el("span", "badge", t("page.class.questions", { count: student.questions })));
  li.append(head, bars(student.per_day, dayList));

  li.append(counts(t("page.class.topics"), student.topics, "cls-topic"));
  if (student.not_recorded) {
    li.append(el("p", "muted small", t("page.class.not_recorded", { count: student.not_recorded })));
  }
  const checked = student.checked ? t("page.class.checked", { count: student.checked }) : t("page.class.not_checked");
  const none = student.checked ? t("page.class.no_errors") : t("page.class.errors_later");
  li.append(counts(t("page.class.first_errors", { checked }), student.mistakes, "cls-mistake", none));

  const ceiling = el("p", "small cls-ceiling");
  ceiling.textContent = student.ceiling_known
    ? t("page.class.ceiling", { reached: student.ceiling_reached, known: student.ceiling_known })
    : t("page.class.ceiling_unknown");
  if (student.ceiling_reached) ceiling.classList.add("cls-warn");
  li.append(ceiling);

  const due = el("div", "cls-due");
  due.append(el("h3", "cls-label", t("page.class.due", { count: student.due_count })));
  if (student.due.length) {
    const ul = el("ul", "cls-due-list");
    for (const entry of student.due) {
      const item = el("li");
      item.append(el("span", "", entry.problem_text), el("span", "muted small", ` · ${entry.source_name}`));
      if (entry.wrong_line_text) item.append(el("div", "muted small", t("page.class.wrong", { line: entry.wrong_line_text })));
      if (entry.correct_step_segments.length) {
        const step = el("div", "small cls-step");
        step.append(el("span", "muted", t("page.class.should_be")));
        const maths = el("span", "markdown");
        renderInto(maths, entry.correct_step_segments);
        step.append(maths);
        item.append(step);
      }
      ul.append(item);
    }
    due.append(ul);
    if (student.due_count > student.due.length) {
      due.append(el("p", "muted small", t("page.class.more_due", { count: student.due_count - student.due.length })));
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
  const counted = perDay.join(t("page.list_separator"));
  box.setAttribute("aria-label", t("page.class.per_day", { counts: counted }));
  const most = Math.max(1, ...perDay);
  perDay.forEach((n, i) => {
    const bar = el("span", "cls-bar");
    bar.style.height = `${Math.round((n / most) * 100)}%`;
    bar.title = t("page.class.day_count", { day: dayLabel(dayList[i]), count: n });
    if (!n) bar.classList.add("cls-zero");
    box.append(bar);
  });
  const labels = el("div", "cls-day-labels muted small");
  labels.append(el("span", "", dayLabel(dayList[0])), el("span", "", t("page.class.today")));
  const wrap = el("div", "cls-chart");
  wrap.append(box, labels);
  return wrap;
}

function dayLabel(iso) {
  const [, month, day] = iso.split("-");
  return t("page.class.date", { month: Number(month), day: Number(day) });
}
