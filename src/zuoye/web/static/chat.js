// The chat view: turns, the streamed answer (and reconnecting to it), stop, regenerate, copy, and
// the photo button.
import { ApiError, call, follow, stream } from "/static/api.js";
import { drawFigure } from "/static/figure.js";
import { el } from "/static/dom.js";
import { appendSegments, copyText, renderInto } from "/static/render.js";
import { t } from "/static/i18n.js";

const $ = (id) => document.getElementById(id);

// keys, said when shown
const CHECK_LABELS = { agree: "page.check.agree", disagree: "page.check.disagree", unknown: "page.check.unknown" };
// How the tutor heads a practice set's answers and writes an answer's final line, in either language.
const ANSWERS_HEADING = /^(参考答案|Answers\b)/;
const FINAL_LINE = /^\s*(\*\*)?(答|Answer\b)/;

// Practice: the answers stay folded until the student asks for them (a tap), so the exercises
// are practice and not a list of answers to copy.
function foldAnswers(answer) {
  const heading = [...answer.children].find((el) => ANSWERS_HEADING.test(el.textContent.trim()));
  if (!heading || heading.closest("details")) return;
  const details = document.createElement("details");
  details.className = "practice-answers";
  const summary = document.createElement("summary");
  summary.textContent = t("page.practice.show_answers");
  details.append(summary);
  heading.before(details);
  let node = heading;
  while (node) {
    const next = node.nextElementSibling;
    details.append(node);
    node = next;
  }
}

// The answer's final line (its 答 / Answer, else its last paragraph) boxed in warning colour when the
// computer's result differs, so the disputed answer cannot be taken for a checked one.
function markDisputed(answer) {
  const blocks = [...answer.querySelectorAll("p, li")];
  const final = blocks.reverse().find((b) => FINAL_LINE.test(b.textContent)) ?? blocks[0];
  if (final) {
    final.classList.add("disputed");
    final.title = t("page.check.disputed");
  }
}
// A model service that failed: the server's message is the model client's own (English, with HTTP
// statuses and request ids: for whoever runs the server). The student reads what happened and what
// to do in their own language; the client's words stay one tap away, for the administrator.
const MODEL_FAILED = {
  model_unavailable: "page.error.model_unavailable",
  model_config: "page.error.model_config",
  model_refused: "page.error.model_refused",
};
const said = (error) => (MODEL_FAILED[error.code] ? t(MODEL_FAILED[error.code]) : error.message);
const STATUS_LABELS = { incomplete: "page.turn.incomplete", failed: "page.turn.failed", pending: "page.turn.pending" };
// A turn whose writer stopped or died (the server restarted mid-answer): what was saved is shown.
const INTERRUPTED_LABEL = "page.turn.interrupted";
// A dropped answer stream is read again from the last event handled, after these pauses (the last
// one repeats) until no event has come for GIVE_UP_MS; then the page says so and offers a button.
const RETRY_MS = [500, 1000, 2000, 4000];
const GIVE_UP_MS = 60_000;
const LINK_STATES = {
  reconnecting: "page.link.reconnecting",
  lost: "page.link.lost",
  // the stop could not be sent, so the page stopped reading instead
  left: "page.link.left",
};

const pause = (ms, signal) =>
  new Promise((resolve) => {
    const abort = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal.removeEventListener("abort", abort), resolve()), ms);
    signal.addEventListener("abort", abort, { once: true });
  });

// An answer being written is drawn again at every frame, inside the conversation's live region:
// aria-busy keeps a screen reader from reading it out from its start at each frame; it says the
// answer once it is written.
function writing(view, on) {
  view.node.classList.toggle("streaming", on);
  if (on) view.node.setAttribute("aria-busy", "true");
  else view.node.removeAttribute("aria-busy");
}

// A photo at full width over the page, to check x against × (tap or Esc closes it).
function zoom(src) {
  if (!src) return;
  const layer = el("div", "photo-zoom");
  layer.setAttribute("role", "dialog");
  layer.setAttribute("aria-label", t("page.photo.enlarged"));
  const image = el("img");
  image.src = src;
  image.alt = t("page.photo.alt");
  layer.append(image);
  const close = () => (layer.remove(), document.removeEventListener("keydown", escape));
  const escape = (event) => event.key === "Escape" && close();
  layer.addEventListener("click", close);
  document.addEventListener("keydown", escape);
  document.body.append(layer);
}

export class Chat {
  constructor({ onConversation, onError, onQuota }) {
    this.onConversation = onConversation; // (id) after a new conversation starts
    this.onError = onError;
    this.onQuota = onQuota;
    this.conversationId = null;
    this.readOnly = false;
    this.busy = false;
    this.stopWhenStarted = false; // stop was pressed before the server named the answer
    this.controller = null; // aborts the answer stream being read (never the answer itself)
    this.messages = $("messages");
    this.template = $("message-template");
    this.question = $("question");
    this.views = new WeakMap(); // a turn's node → its view (regenerate writes into the last one)
    this.wire();
  }

  wire() {
    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    const coarse = window.matchMedia("(pointer: coarse)");
    this.question.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !coarse.matches) {
        event.preventDefault();
        this.send();
      }
    });
    // On a phone Enter starts a new line (a question is often several lines) and the Send button
    // sends: the hint in the box (short: the box is narrow) and the keyboard's Enter key say so.
    const hint = () => {
      this.question.placeholder = coarse.matches
        ? t("page.composer.placeholder_phone")
        : t("page.composer.placeholder");
      this.question.enterKeyHint = coarse.matches ? "enter" : "send";
    };
    hint();
    coarse.addEventListener("change", hint);
    $("photo-image").addEventListener("click", () => zoom($("photo-image").src));
    this.question.addEventListener("input", () => this.grow());
    $("stop").addEventListener("click", () => this.stop());
    for (const chip of document.querySelectorAll("[data-example]")) {
      chip.addEventListener("click", () => {
        this.question.value = chip.dataset.example;
        this.grow();
        this.question.focus();
      });
    }
    $("photo-button").addEventListener("click", () => $("photo-input").click());
    $("photo-input").addEventListener("change", () => this.photo());
    $("photo-clear").addEventListener("click", () => this.clearPhoto());
  }

  grow() {
    this.question.style.height = "auto";
    this.question.style.height = Math.min(this.question.scrollHeight, 240) + "px";
  }

  setBusy(busy) {
    this.busy = busy;
    $("send").hidden = busy;
    $("stop").hidden = !busy;
    $("send").disabled = busy;
    $("stop").disabled = false;
    this.stopWhenStarted = false;
  }

  // -- showing conversations ---------------------------------------------------------------
  clear() {
    // Stop reading the answer on screen (the server writes it to the end and saves it either way).
    this.controller?.abort();
    this.controller = null;
    this.setBusy(false);
    this.conversationId = null;
    this.readOnly = false;
    for (const turn of this.messages.querySelectorAll(".turn")) turn.remove();
    $("welcome").hidden = false;
    $("composer").hidden = false;
  }

  show(conversation) {
    this.clear();
    this.conversationId = conversation.id;
    this.readOnly = conversation.read_only;
    $("composer").hidden = this.readOnly;
    $("welcome").hidden = conversation.turns.length > 0;
    let view = null;
    let earlier = []; // answers replaced by answering their question again: versions of the next
    for (const turn of conversation.turns) {
      if (turn.regenerated) {
        earlier.push(turn);
        continue;
      }
      view = this.addTurn(turn.question, turn.photo_url);
      view.versions = earlier.map((old) => ({ turn: old, notices: [] }));
      earlier = [];
      this.finishTurn(view, turn);
    }
    for (const turn of earlier) {
      // its newer answer is not there (it could not start): shown as a turn of its own
      view = this.addTurn(turn.question);
      this.finishTurn(view, turn);
    }
    this.markLast();
    this.scroll(true);
    const last = conversation.turns[conversation.turns.length - 1];
    if (!last || (last.status !== "pending" && !conversation.running)) return;
    this.attach(view); // a teacher or parent reading along follows it live too
  }

  // An answer still being written when its conversation is opened (a reload, another tab, another
  // process, or a process that died and whose turn the server will close as interrupted): its
  // events are read from the start, so the whole answer so far is drawn again and then followed
  // to its end; stop works on it as on one asked here.
  async attach(view) {
    const controller = this.begin(view);
    await this.read(view, controller, { attaching: true });
    this.end(controller);
  }

  addTurn(question, photo = null) {
    $("welcome").hidden = true;
    const node = this.template.content.firstElementChild.cloneNode(true);
    node.querySelector(".question").textContent = question; // a question is shown as typed: plain text
    if (photo) {
      // the photo it was read from stays with it, to look back at (tap: full size)
      const image = el("img", "question-photo");
      image.src = photo;
      image.alt = t("page.photo.alt");
      image.addEventListener("click", () => zoom(photo));
      node.querySelector(".question").prepend(image);
    }
    const view = {
      node,
      answer: node.querySelector(".answer"),
      reasoning: node.querySelector(".reasoning"),
      notices: node.querySelector(".notices"),
      segments: [],
      text: "",
      turn: null,
      turnId: null, // the turn these events belong to
      lastId: null, // the id of the last event handled: a reconnect carries on after it
      done: false,
      moved: false, // the conversation was answered again elsewhere: this view is stale
      link: null, // the reconnecting / disconnected line, made when first needed
      frame: 0,
      // the answers to this question, oldest first, the last one the live answer (regenerate adds
      // one): { turn, notices } — a version's notices are kept while another version is shown
      versions: [],
      shown: 0, // which version is on screen
      switcher: null,
    };
    this.views.set(node, view);
    node.querySelector(".copy-answer").addEventListener("click", (event) => copyText(view.text, event.target));
    node.querySelector(".regenerate").addEventListener("click", () => this.regenerate());
    this.messages.append(node);
    return view;
  }

  finishTurn(view, turn) {
    view.turn = turn;
    view.turnId = turn.id;
    const live = view.versions[view.versions.length - 1];
    if (live && live.turn === null) live.turn = turn; // the answer being written has ended
    else if (!live || live.turn.id !== turn.id) view.versions.push({ turn, notices: [] });
    else live.turn = turn;
    view.shown = view.versions.length - 1;
    this.drawTurn(view, turn);
    this.drawSwitcher(view);
  }

  // One stored answer on screen (the live one, or an earlier version flipped to).
  drawTurn(view, turn) {
    view.text = turn.answer;
    view.segments = turn.answer_segments.map((s) => ({ ...s }));
    cancelAnimationFrame(view.frame);
    renderInto(view.answer, view.segments);
    for (const passing of view.notices.querySelectorAll(".notice-progress")) passing.remove();
    const verdict = turn.checks[turn.checks.length - 1]?.status;
    if (verdict === "disagree") markDisputed(view.answer);
    if (turn.mode === "练习") foldAnswers(view.answer);
    view.node.classList.toggle("retired", !turn.in_context);
    view.node.dataset.status = turn.status;
    view.node.dataset.turnId = turn.id;
    const checks = view.node.querySelector(".checks");
    checks.textContent = "";
    const last = turn.checks[turn.checks.length - 1];
    if (last && CHECK_LABELS[last.status]) {
      const badge = document.createElement("span");
      badge.className = `badge check-${last.status}`;
      badge.textContent = last.label || t(CHECK_LABELS[last.status]);
      checks.append(badge);
      if (last.understood_segments) {
        // What the computer read the question as: a check is only worth what it understood.
        const understood = document.createElement("span");
        understood.className = "understood";
        renderInto(understood, last.understood_segments);
        checks.append(understood);
      }
    }
    // The solver's graph or number line of what it understood (zuoye.math), under the answer.
    view.node.querySelector(".figure-slot")?.remove();
    if (last?.figure) {
      const slot = document.createElement("div");
      slot.className = "figure-slot";
      view.node.querySelector(".turn-foot").before(slot);
      drawFigure(slot, last.figure);
    }
    const meta = [];
    const interrupted = turn.error === "interrupted" && turn.status !== "complete";
    // a teacher or parent reading along cannot regenerate it: they are not told they can
    if (interrupted) meta.push(t(this.readOnly ? "page.turn.interrupted_read_only" : INTERRUPTED_LABEL));
    else if (STATUS_LABELS[turn.status]) meta.push(t(STATUS_LABELS[turn.status]));
    // out of the model's context: answered again, or cleared with the history after a refused question
    if (!turn.in_context) meta.push(t(turn.regenerated ? "page.turn.retired" : "page.turn.cleared"));
    meta.push(turn.model);
    if (turn.usage.total_tokens) meta.push(t("page.turn.tokens", { count: turn.usage.total_tokens }));
    view.node.querySelector(".meta").textContent = meta.join(" · ");
  }

  markLast() {
    const turns = [...this.messages.querySelectorAll(".turn")];
    turns.forEach((node, i) => {
      const last = i === turns.length - 1;
      // not while the page has lost the answer's stream: the answer may still be being written
      const away = node.querySelector(".link-state") !== null;
      node.querySelector(".regenerate").hidden = !last || this.readOnly || this.busy || away;
    });
  }

  notice(view, kind, text, segments, status) {
    // A passing state ("正在重新作答……") gives way to what came of it.
    for (const passing of view.notices.querySelectorAll(".notice-progress")) passing.remove();
    const box = document.createElement("div");
    box.className = `notice notice-${kind}${status ? ` status-${status}` : ""}`;
    // notices may carry maths ("已验算：…（$x=2$）"), cut by the server like answers
    renderInto(box, segments ?? [{ kind: "text", content: text }]);
    view.notices.append(box);
  }

  scroll(force = false) {
    const nearBottom = this.messages.scrollHeight - this.messages.scrollTop - this.messages.clientHeight < 120;
    if (force || nearBottom) this.messages.scrollTop = this.messages.scrollHeight;
  }

  paint(view) {
    if (view.frame) return;
    view.frame = requestAnimationFrame(() => {
      view.frame = 0;
      renderInto(view.answer, view.segments);
      this.scroll();
    });
  }

  // -- asking ------------------------------------------------------------------------------
  options() {
    const body = { mode: $("mode").value, grade: $("grade").value };
    const model = $("model").value;
    if (model && !$("model").disabled) body.model = model;
    return body;
  }

  async send() {
    const question = this.question.value.trim();
    if (!question || this.busy || this.readOnly) return;
    const body = { question, ...this.options() };
    if (this.conversationId) body.conversation_id = this.conversationId;
    if (this.photoId && !$("photo-preview").hidden) body.photo_id = this.photoId; // kept with the turn
    this.question.value = "";
    this.grow();
    const photoId = this.photoId;
    const photo = this.takePhoto();
    const view = this.addTurn(question, photo);
    // The question just asked is seen being answered, wherever the conversation was scrolled to
    // (an answer that came at once leaves the view at its top, and the next question below it).
    this.scroll(true);
    const ok = await this.run("/api/ask", body, view);
    if (!ok) {
      view.node.remove();
      this.question.value = question; // refused outright: nothing is lost, the question is back
      if (photo) this.putPhotoBack(photo, photoId);
      this.grow();
      if (!this.messages.querySelector(".turn")) $("welcome").hidden = false;
    }
  }

  // The question is answered again in the same place: the earlier answer stays, one tap away
  // (‹ 1/2 ›, as ChatGPT does), instead of the question being written out a second time.
  async regenerate() {
    if (!this.conversationId || this.busy) return;
    const turns = this.messages.querySelectorAll(".turn");
    const view = this.views.get(turns[turns.length - 1]);
    if (!view?.turn) return;
    this.showVersion(view, view.versions.length - 1);
    this.stashNotices(view);
    const before = { turnId: view.turnId, lastId: view.lastId, turn: view.turn };
    view.versions.push({ turn: null, notices: [] });
    view.shown = view.versions.length - 1;
    // a new answer: its events are those of a new turn, read from its start
    Object.assign(view, { turn: null, turnId: null, lastId: null, text: "", segments: [] });
    renderInto(view.answer, []);
    view.node.querySelector(".checks").textContent = "";
    view.node.querySelector(".meta").textContent = "";
    view.node.querySelector(".figure-slot")?.remove();
    view.node.classList.remove("retired");
    view.node.removeAttribute("data-status");
    this.drawSwitcher(view);
    const ok = await this.run(`/api/conversations/${this.conversationId}/regenerate`, this.options(), view);
    const previous = view.versions[view.versions.length - 2];
    if (ok) {
      previous.turn = { ...previous.turn, in_context: false, regenerated: true };
      this.drawSwitcher(view);
      return;
    }
    view.versions.pop(); // refused: the answer on screen is the one there was
    view.notices.textContent = "";
    Object.assign(view, { turnId: before.turnId, lastId: before.lastId, turn: before.turn });
    view.shown = view.versions.length - 1;
    this.drawTurn(view, before.turn);
    view.notices.append(...previous.notices);
    previous.notices = [];
    this.drawSwitcher(view);
  }

  // The notices on screen belong to the version shown: kept aside while another is.
  stashNotices(view) {
    const slot = view.versions[view.shown];
    if (slot) slot.notices = [...view.notices.childNodes];
    view.notices.textContent = "";
  }

  showVersion(view, index) {
    if (index === view.shown || index < 0 || index >= view.versions.length) return;
    if (this.busy && view.node === this.messages.querySelector(".turn:last-of-type")) return;
    this.stashNotices(view);
    view.shown = index;
    const slot = view.versions[index];
    this.drawTurn(view, slot.turn);
    view.notices.append(...slot.notices);
    slot.notices = [];
    this.drawSwitcher(view);
  }

  // ‹ 2/3 ›: which answer to this question is shown, with buttons to the others; only where
  // there are several.
  drawSwitcher(view) {
    const count = view.versions.length;
    if (count < 2) {
      view.switcher?.remove();
      view.switcher = null;
      return;
    }
    if (!view.switcher) {
      const box = el("span", "versions small");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", t("page.versions.label"));
      const step = (className, text, label, by) => {
        const button = el("button", `link-button ${className}`, text);
        button.type = "button";
        button.setAttribute("aria-label", label);
        button.addEventListener("click", () => this.showVersion(view, view.shown + by));
        return button;
      };
      box.append(
        step("version-previous", "‹", t("page.versions.previous"), -1),
        el("span", "version-label"),
        step("version-next", "›", t("page.versions.next"), 1),
      );
      view.node.querySelector(".turn-foot").prepend(box);
      view.switcher = box;
    }
    const writing = view.versions[count - 1].turn === null;
    view.switcher.querySelector(".version-label").textContent = `${view.shown + 1}/${count}`;
    view.switcher.querySelector(".version-previous").disabled = view.shown === 0 || writing;
    view.switcher.querySelector(".version-next").disabled = view.shown === count - 1 || writing;
  }

  // Ask (POST path) and show the answer as it streams; if the stream drops part-way, read it
  // again from the last event handled. False when the question was refused or never sent.
  async run(path, body, view) {
    const controller = this.begin(view);
    let opened = false;
    try {
      await stream(path, body, (name, data, id) => {
        opened = true;
        this.event(view, name, data, id);
      }, controller.signal);
    } catch (error) {
      if (!opened) {
        this.end(controller);
        // a lapsed session: the login form that replaces the page says so (the API's words are for programs)
        if (!(error instanceof ApiError && error.status === 401)) {
          this.onError(error instanceof ApiError ? said(error) : String(error));
        }
        return false;
      }
    }
    // A stream that ended without its `done` (cut by the network, a proxy, the load balancer)
    // is read again; the answer is in the conversation the `started` event named.
    if (opened && !view.done && !controller.signal.aborted) await this.read(view, controller, { attaching: false });
    this.end(controller);
    return true;
  }

  begin(view) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    view.done = false;
    writing(view, true);
    this.link(view, null);
    this.setBusy(true);
    this.markLast();
    return controller;
  }

  end(controller) {
    if (this.controller !== controller) return; // another answer (or conversation) took over
    this.controller = null;
    this.setBusy(false);
    this.markLast();
    this.onQuota?.();
  }

  // Read the answer's events through GET …/events until its `done`, after the last one handled
  // (from the start when none was: the answer is drawn again), again after each drop with a
  // growing pause, until nothing has come for GIVE_UP_MS.
  async read(view, controller, { attaching }) {
    const id = this.conversationId;
    const { signal } = controller;
    let failures = attaching ? -1 : 0; // attaching tries at once and says nothing unless that fails
    let progress = Date.now();
    while (!view.done && !view.moved && !signal.aborted) {
      if (failures >= 0) {
        if (Date.now() - progress > GIVE_UP_MS) {
          this.link(view, "lost");
          return;
        }
        this.link(view, "reconnecting");
        await pause(RETRY_MS[Math.min(failures, RETRY_MS.length - 1)], signal);
        if (signal.aborted) break;
      }
      let got = false;
      try {
        await follow(`/api/conversations/${id}/events`, view.lastId, (name, data, eventId) => {
          if (!got) this.link(view, null);
          got = true;
          this.event(view, name, data, eventId);
        }, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status >= 400 && ![408, 429].includes(error.status)) {
          // refused, not dropped (the conversation was deleted, the session ended): say why
          this.link(view, null);
          writing(view, false);
          this.notice(view, "error", error.message);
          return;
        }
      }
      if (got) progress = Date.now();
      failures = got ? 0 : failures + 1;
    }
    if (signal.aborted && !view.done && !view.moved && view.node.isConnected) this.link(view, "left");
    else this.link(view, null);
  }

  // The small line under an answer while its stream is away: reconnecting, or given up with a
  // button to try again. Never part of the answer's text.
  link(view, state) {
    if (!state) {
      view.link?.remove();
      view.link = null;
      return;
    }
    if (!view.link) {
      view.link = document.createElement("div");
      view.link.className = "link-state";
      view.link.setAttribute("role", "status");
      view.answer.after(view.link);
    }
    view.link.dataset.state = state;
    view.link.textContent = "";
    const text = document.createElement("span");
    text.textContent = t(LINK_STATES[state]);
    view.link.append(text);
    if (state !== "reconnecting") {
      writing(view, false);
      const again = document.createElement("button");
      again.type = "button";
      again.className = "link-button small";
      again.textContent = t("page.link.again");
      again.addEventListener("click", () => this.reconnect(view));
      view.link.append(again);
    }
  }

  async reconnect(view) {
    if (this.busy || !view.node.isConnected) return;
    const controller = this.begin(view);
    await this.read(view, controller, { attaching: false });
    this.end(controller);
  }

  event(view, name, data, id) {
    if (view.moved) return;
    const turnId = name === "started" ? data.turn_id : name === "done" ? data.turn?.id : null;
    if (turnId != null && view.turnId != null && turnId !== view.turnId) {
      // The conversation's latest answer is another one (answered again in another tab): show
      // the conversation as it now is rather than mix two answers in one bubble.
      view.moved = true;
      this.reopen(this.conversationId);
      return;
    }
    if (id) view.lastId = id;
    if (name === "started") {
      const fresh = this.conversationId !== data.conversation_id;
      this.conversationId = data.conversation_id;
      view.turnId = data.turn_id;
      view.node.dataset.turnId = data.turn_id;
      writing(view, true);
      // The first event of every answer: what the page showed of it is drawn again from the events
      // that follow (an answer attached to from the start replays all of them).
      view.text = "";
      view.segments = [];
      view.reasoning.hidden = true;
      view.reasoning.querySelector(".reasoning-text").textContent = "";
      view.notices.textContent = "";
      this.paint(view);
      if (fresh) this.onConversation(data.conversation_id);
      if (this.stopWhenStarted) {
        this.stopWhenStarted = false;
        this.stop();
      }
    } else if (name === "reasoning") {
      // a thinking model's reasoning: folded away, never mixed into the answer; plain text
      view.reasoning.hidden = false;
      view.reasoning.querySelector(".reasoning-text").textContent += data.text;
      this.scroll();
    } else if (name === "delta") {
      view.text += data.text;
      appendSegments(view.segments, data.segments);
      this.paint(view);
    } else if (name === "revised") {
      view.text = data.text;
      view.segments = data.segments.map((s) => ({ ...s }));
      this.paint(view);
    } else if (name === "notice") {
      if (data.kind === "retry") {
        // the stream was cut and the answer is asked again: its reasoning starts over too
        view.reasoning.querySelector(".reasoning-text").textContent = "";
      }
      this.notice(view, data.kind, data.text, data.segments, data.status);
    } else if (name === "error") {
      this.notice(view, data.code === "stopped" ? "stopped" : "error", said(data));
      if (MODEL_FAILED[data.code]) {
        const details = el("details", "error-details");
        details.append(el("summary", null, t("page.error.details")), el("span", null, data.message));
        view.notices.lastElementChild.append(details);
      }
    } else if (name === "done") {
      view.done = true;
      writing(view, false);
      if (!data.turn) return; // deleted while it was being answered
      this.finishTurn(view, data.turn); // the stored answer, cut by the server as a whole
      this.scroll();
    }
  }

  // The stream then brings the answer's end (stopped, what was written kept), even while it is
  // being reconnected. If the stop cannot be sent, the page stops reading and says so.
  async stop() {
    if (!this.busy) return;
    if (!this.conversationId) {
      // Nothing has come back yet (a slow network), so the page cannot name the answer to stop:
      // it is stopped as soon as the server names it (`started`). Leaving instead left the
      // answer being written and paid for unseen, under a cursor that blinked for ever.
      this.stopWhenStarted = true;
      $("stop").disabled = true;
      return;
    }
    try {
      await call("POST", `/api/conversations/${this.conversationId}/stop`);
    } catch {
      this.controller?.abort();
    }
  }

  async reopen(id) {
    try {
      const conversation = await call("GET", `/api/conversations/${id}`);
      if (this.conversationId === id) this.show(conversation);
    } catch (error) {
      if (this.conversationId === id) this.onError(error.message);
    }
  }

  // -- photo -------------------------------------------------------------------------------
  // The reading is shown for checking before anything is asked: put in the question box to edit,
  // with what the reader was unsure of listed beside the photo. A page with several questions
  // is not asked whole: the student picks one (the box gets only that one).
  async photo() {
    const input = $("photo-input");
    const file = input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > 10 * 1024 * 1024) {
      this.onError(t("page.photo.too_big"));
      return;
    }
    this.clearReading();
    this.photoId = null; // until this photo is read and kept
    $("photo-preview").hidden = false;
    const image = $("photo-image");
    if (image.src) URL.revokeObjectURL(image.src);
    image.src = URL.createObjectURL(file);
    const status = $("photo-status");
    status.textContent = t("page.photo.reading");
    $("photo-button").disabled = true;
    const form = new FormData();
    form.append("file", file, file.name || "photo.jpg");
    try {
      const result = await call("POST", "/api/photo", form);
      this.photoId = result.photo_id ?? null; // sent with the question, so the photo stays with it
      this.photoBefore = this.question.value.trim();
      this.showReading(result);
    } catch (error) {
      status.textContent = error.message;
    } finally {
      $("photo-button").disabled = false;
    }
  }

  showReading(result) {
    const questions = result.questions?.length ? result.questions : [result.text];
    const by = result.source === "vision" && result.model ? t("page.photo.by_vision", { model: result.model }) : "";
    const unsure = result.doubts?.length ? t("page.photo.unsure") : "";
    const status = $("photo-status");
    if (!result.text) {
      status.textContent = t("page.photo.nothing");
      return;
    }
    const reading = this.readingBox();
    for (const doubt of result.doubts ?? []) {
      const item = document.createElement("li");
      item.textContent = doubt.split(" / ")[0]; // one language (an older server sent "中文 / English")
      reading.doubts.append(item);
    }
    reading.doubts.hidden = !result.doubts?.length;
    if (questions.length > 1) {
      status.textContent = t("page.photo.pick", { count: questions.length, by });
      questions.forEach((text, k) => {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "chip photo-choice";
        chip.textContent = `${k + 1}. ${text}`;
        chip.setAttribute("aria-pressed", "false");
        chip.addEventListener("click", () => {
          for (const other of reading.choices.children) other.setAttribute("aria-pressed", "false");
          chip.setAttribute("aria-pressed", "true");
          this.useReading(text);
          status.textContent = t("page.photo.chosen", { number: k + 1, unsure });
        });
        reading.choices.append(chip);
      });
      reading.choices.hidden = false;
      return;
    }
    this.useReading(questions[0]);
    status.textContent = t("page.photo.read", { by, unsure });
  }

  useReading(text) {
    const before = this.photoBefore;
    this.question.value = before ? `${before}\n${text}` : text;
    this.grow();
    this.question.focus();
  }

  // The list of questions to pick from and of doubts, made once, below the photo.
  readingBox() {
    let box = $("photo-reading");
    if (!box) {
      box = document.createElement("div");
      box.id = "photo-reading";
      box.className = "photo-reading small";
      const choices = document.createElement("div");
      choices.id = "photo-choices";
      choices.className = "examples";
      choices.setAttribute("role", "group");
      choices.setAttribute("aria-label", t("page.photo.choose"));
      const doubts = document.createElement("ul");
      doubts.id = "photo-doubts";
      doubts.className = "notice notice-withheld";
      doubts.setAttribute("aria-label", t("page.photo.doubts"));
      box.append(choices, doubts);
      $("photo-preview").after(box);
    }
    return { box, choices: $("photo-choices"), doubts: $("photo-doubts") };
  }

  clearReading() {
    $("photo-reading")?.remove();
  }

  // The photo in the box goes with the question being sent (its object URL now belongs to the turn).
  takePhoto() {
    const image = $("photo-image");
    const url = $("photo-preview").hidden ? null : image.getAttribute("src");
    image.removeAttribute("src");
    this.clearPhoto();
    return url;
  }

  putPhotoBack(url, photoId) {
    $("photo-image").src = url;
    $("photo-preview").hidden = false;
    this.photoId = photoId;
  }

  clearPhoto() {
    this.photoId = null;
    const image = $("photo-image");
    if (image.src) URL.revokeObjectURL(image.src);
    image.removeAttribute("src");
    $("photo-preview").hidden = true;
    $("photo-status").textContent = "";
    this.clearReading();
  }
}
