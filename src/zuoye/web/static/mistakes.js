// 错题本: the student's own mistakes — due ones first, 再练一题 inline (the solver marks the answer),
// remove, print a practice sheet; and 加入错题本 under every finished answer.
import { call } from "/static/api.js";
import { renderInto } from "/static/render.js";
import { el } from "/static/dom.js";
import { t } from "/static/i18n.js";

const $ = (id) => document.getElementById(id);
let ready = false;
let dueOnly = false;
let total = 0; // entries in the list shown

// Everyone who asks questions has one. The page boots again after a login that a lapsed session
// asked for: the listeners are added once.
export function initMistakes(me, { beforeOpen }) {
  $("mistakes-entry").hidden = false;
  refreshCount();
  if (ready) return;
  ready = true;
  $("mistakes-entry").addEventListener("click", () => {
    beforeOpen();
    $("mistakes-view").hidden = false;
    $("title").textContent = t("page.mistakes.title");
    refresh();
  });
  for (const button of document.querySelectorAll("#mistakes-filter [data-due]")) {
    button.addEventListener("click", () => {
      dueOnly = button.dataset.due === "1";
      for (const b of document.querySelectorAll("#mistakes-filter [data-due]")) {
        b.setAttribute("aria-pressed", String(b === button));
      }
      refresh();
    });
  }
  // 加入错题本 under an answer (chat.js draws the turns; the button is in their template).
  $("messages").addEventListener("click", (event) => {
    const button = event.target.closest(".save-mistake");
    if (button) saveTurn(button);
  });
  // A turn drawn again (a conversation reopened, an answer's versions) says it is saved still.
  new MutationObserver(markSaved).observe($("messages"), {
    childList: true,
    subtree: true,
    attributeFilter: ["data-turn-id"],
  });
  window.addEventListener("zuoye:login-required", () => {
    $("mistakes-view").hidden = true;
  });
}

const savedTurns = new Map(); // turn id → what its button says, for turns saved on this page

function markSaved() {
  for (const [turnId, said] of savedTurns) {
    const button = document.querySelector(`#messages .turn[data-turn-id="${turnId}"] .save-mistake`);
    if (button && button.textContent !== said) {
      button.textContent = said;
      button.disabled = true;
    }
  }
}

async function saveTurn(button) {
  const turnId = Number(button.closest(".turn")?.dataset.turnId);
  if (!turnId) return;
  button.disabled = true;
  try {
    const { created } = await call("POST", "/api/mistakes", { turn_id: turnId });
    savedTurns.set(turnId, created ? t("page.mistakes.saved") : t("page.mistakes.already"));
    markSaved();
    refreshCount();
  } catch (error) {
    button.disabled = false;
    button.textContent = t("page.mistakes.save_failed");
    button.title = error.message;
  }
}

async function refreshCount() {
  try {
    const { due_count: due } = await call("GET", "/api/mistakes?due=true");
    showCounts(due);
  } catch {
    // the list says what is wrong when it is opened
  }
}

function showCounts(due) {
  const badge = $("mistakes-due");
  badge.hidden = due === 0;
  badge.textContent = t("page.mistakes.due_count", { due });
  const counted = due ? t("page.mistakes.count_due", { total, due }) : t("page.mistakes.count", { total });
  $("mistakes-status").textContent = total ? counted : "";
}

async function refresh() {
  const status = $("mistakes-status");
  try {
    const { entries } = await call("GET", `/api/mistakes${dueOnly ? "?due=true" : ""}`);
    total = entries.length;
    $("mistakes-print").href = `/api/mistakes/sheet${dueOnly ? "?due=true" : ""}`;
    const list = $("mistakes-list");
    list.textContent = "";
    for (const entry of entries) list.append(item(entry));
    $("mistakes-empty").hidden = entries.length > 0;
    $("mistakes-empty").textContent = dueOnly
      ? t("page.mistakes.none_due")
      : t("page.mistakes.empty");
    await refreshCount();
  } catch (error) {
    status.textContent = error.message;
  }
}

function item(entry) {
  const li = el("li", `mk-entry${entry.due ? " mk-due" : ""}${entry.due_at ? "" : " mk-mastered"}`);
  li.dataset.id = entry.id;
  const head = el("div", "mk-head");
  head.append(el("span", `badge mk-when${entry.due ? " badge-warn" : ""}`, entry.when));
  head.append(el("span", "badge mk-source", entry.source_name));
  if (entry.stage > 0 && entry.due_at) head.append(el("span", "muted small", t("page.mistakes.round", { stage: entry.stage })));
  li.append(head, el("p", "mk-problem", entry.problem_text));

  if (entry.wrong_line) {
    const wrong = el("p", "mk-line mk-wrong");
    wrong.append(el("span", "mk-label", entry.source === "disagree" ? t("page.mistakes.answer_result") : t("page.mistakes.wrong_line")));
    wrong.append(el("span", "", entry.wrong_line_text));
    li.append(wrong);
  }
  if (entry.correct_step_segments.length) {
    const right = el("p", "mk-line mk-right");
    right.append(el("span", "mk-label", entry.source === "disagree" ? t("page.mistakes.computer_result") : t("page.mistakes.right_step")));
    const step = el("span", "markdown mk-inline");
    renderInto(step, entry.correct_step_segments);
    right.append(step);
    li.append(right);
  }
  if (entry.explanation_segments.length) {
    const more = el("details", "mk-explanation");
    more.append(el("summary", "", t("page.mistakes.explanation")));
    const body = el("div", "markdown");
    renderInto(body, entry.explanation_segments);
    more.append(body);
    li.append(more);
  }

  const practice = el("div", "mk-practice");
  const actions = el("div", "mk-actions");
  const retry = el("button", "button primary small mk-retry", entry.exercise ? t("page.mistakes.another") : t("page.mistakes.retry"));
  retry.type = "button";
  retry.addEventListener("click", () => practise(entry, li, practice, retry));
  const remove = el("button", "link-button small mk-remove", t("page.mistakes.remove"));
  remove.type = "button";
  remove.addEventListener("click", () => removeEntry(entry));
  actions.append(retry);
  if (entry.conversation_id) {
    const link = el("a", "link-button small mk-conversation", t("page.mistakes.conversation"));
    link.href = `#${entry.conversation_id}`;
    actions.append(link);
  } else if (entry.conversation_deleted) {
    // Said, not a link: the entry's texts are kept, the conversation they came from is gone.
    actions.append(el("span", "muted small mk-conversation-deleted", entry.conversation_note));
  }
  actions.append(remove);
  li.append(practice, actions);
  if (entry.exercise) showExercise(entry, li, practice, entry.exercise);
  return li;
}

async function practise(entry, li, box, button) {
  button.disabled = true;
  box.textContent = "";
  box.append(el("p", "muted small", t("page.mistakes.making")));
  try {
    const updated = await call("POST", `/api/mistakes/${entry.id}/practice`);
    showExercise(updated, li, box, updated.exercise);
    button.textContent = t("page.mistakes.another");
  } catch (error) {
    box.textContent = "";
    box.append(el("p", "error small", error.message));
  } finally {
    button.disabled = false;
  }
}

function showExercise(entry, li, box, exercise) {
  box.textContent = "";
  const question = el("p", "mk-question"); // its label in the reader's language (not CSS content)
  question.append(el("span", "mk-label", t("page.mistakes.practice_label")), exercise.question_text);
  box.append(question);
  const form = el("form", "mk-answer");
  const input = el("input");
  input.name = "answer";
  input.maxLength = 500;
  input.placeholder = t("page.mistakes.answer_placeholder");
  input.setAttribute("aria-label", t("page.mistakes.answer_label"));
  input.autocomplete = "off";
  const submit = el("button", "button small", t("page.mistakes.submit"));
  submit.type = "submit";
  form.append(input, submit);
  const result = el("div", "mk-result");
  result.setAttribute("role", "status");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!input.value.trim()) {
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const outcome = await call("POST", `/api/mistakes/${entry.id}/answer`, {
        practice_id: exercise.id,
        answer: input.value,
      });
      result.className = `mk-result mk-${outcome.status}`;
      renderInto(result, outcome.message_segments);
      if (outcome.entry) {
        form.remove();
        const head = li.querySelector(".mk-when");
        head.textContent = outcome.entry.when;
        head.classList.toggle("badge-warn", outcome.entry.due);
        li.classList.toggle("mk-due", outcome.entry.due);
        li.classList.toggle("mk-mastered", !outcome.entry.due_at);
        li.querySelector(".mk-retry").textContent = t("page.mistakes.retry");
        refreshCount();
      } else {
        submit.disabled = false;
      }
    } catch (error) {
      result.className = "mk-result error small";
      result.textContent = error.message;
      submit.disabled = false;
    }
  });
  box.append(form, result);
}

async function removeEntry(entry) {
  if (!confirm(t("page.mistakes.confirm_remove", { problem: entry.problem_text }))) return;
  try {
    await call("DELETE", `/api/mistakes/${entry.id}`);
  } catch (error) {
    $("mistakes-status").textContent = error.message;
  }
  refresh();
  refreshCount();
}
