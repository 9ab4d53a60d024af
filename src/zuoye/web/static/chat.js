// The chat view: turns, the streamed answer (and reconnecting to it), stop, regenerate, copy, and
// the photo button.
import { ApiError, call, follow, stream } from "/static/api.js";
import { drawFigure } from "/static/figure.js";
import { appendSegments, copyText, renderInto } from "/static/render.js";

const $ = (id) => document.getElementById(id);

const CHECK_LABELS = { agree: "✓ 已验算", disagree: "✗ 与计算机结果不一致", unknown: "未验算" };

// Practice: the answers stay folded until the student asks for them (a tap), so the exercises
// are practice and not a list of answers to copy.
function foldAnswers(answer) {
  const heading = [...answer.children].find((el) => el.textContent.trim().startsWith("参考答案"));
  if (!heading || heading.closest("details")) return;
  const details = document.createElement("details");
  details.className = "practice-answers";
  const summary = document.createElement("summary");
  summary.textContent = "做完了？点这里看参考答案";
  details.append(summary);
  heading.before(details);
  let node = heading;
  while (node) {
    const next = node.nextElementSibling;
    details.append(node);
    node = next;
  }
}

// The answer's final line (its 答, else its last paragraph) boxed in warning colour when the computer's
// result differs, so the disputed answer cannot be taken for a checked one.
function markDisputed(answer) {
  const blocks = [...answer.querySelectorAll("p, li")];
  const final = blocks.reverse().find((b) => /^\s*(\*\*)?答/.test(b.textContent)) ?? blocks[0];
  if (final) {
    final.classList.add("disputed");
    final.title = "计算机验算的结果与这里不一致，见下方说明。";
  }
}
const STATUS_LABELS = { incomplete: "（回答未完成）", failed: "（没有得到回答）", pending: "（正在回答…）" };
// A turn whose writer stopped or died (the server restarted mid-answer): what was saved is shown.
const INTERRUPTED_LABEL = "（回答中断，可以重新生成）";
const WATCH_MS = 3000; // how often a read-only conversation being answered is looked at again
// A dropped answer stream is read again from the last event handled, after these pauses (the last
// one repeats) until no event has come for GIVE_UP_MS; then the page says so and offers a button.
const RETRY_MS = [500, 1000, 2000, 4000];
const GIVE_UP_MS = 60_000;
const LINK_STATES = {
  reconnecting: "连接中断，正在重新连接… / Connection lost, reconnecting…",
  lost:
    "连接不上服务器。回答仍在服务器上继续写，写出的部分会保存；请检查网络后点“重新连接”。" +
    " / Cannot reach the server. The answer is still being written and saved; check the network, then reconnect.",
  // the stop could not be sent, so the page stopped reading instead
  left:
    "停止的请求没能送到服务器，回答可能仍在继续写；点“重新连接”接着看。" +
    " / The stop did not reach the server; the answer may still be being written.",
};

const pause = (ms, signal) =>
  new Promise((resolve) => {
    const abort = () => (clearTimeout(timer), resolve());
    const timer = setTimeout(() => (signal.removeEventListener("abort", abort), resolve()), ms);
    signal.addEventListener("abort", abort, { once: true });
  });

export class Chat {
  constructor({ onConversation, onError, onQuota }) {
    this.onConversation = onConversation; // (id) after a new conversation starts
    this.onError = onError;
    this.onQuota = onQuota;
    this.conversationId = null;
    this.readOnly = false;
    this.busy = false;
    this.controller = null; // aborts the answer stream being read (never the answer itself)
    this.messages = $("messages");
    this.template = $("message-template");
    this.question = $("question");
    this.wire();
  }

  wire() {
    $("composer").addEventListener("submit", (event) => {
      event.preventDefault();
      this.send();
    });
    this.question.addEventListener("keydown", (event) => {
      const touch = window.matchMedia("(pointer: coarse)").matches;
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !touch) {
        event.preventDefault();
        this.send();
      }
    });
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
  }

  // -- showing conversations ---------------------------------------------------------------
  clear() {
    clearTimeout(this.watching);
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
    for (const turn of conversation.turns) {
      view = this.addTurn(turn.question);
      this.finishTurn(view, turn);
    }
    this.markLast();
    this.scroll(true);
    const last = conversation.turns[conversation.turns.length - 1];
    if (!last || (last.status !== "pending" && !conversation.running)) return;
    if (this.readOnly) {
      this.watch(conversation.id); // the answer's events are its owner's to read
    } else {
      this.attach(view);
    }
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

  // A read-only conversation being answered: look again until it is finished.
  watch(id) {
    clearTimeout(this.watching);
    this.watching = setTimeout(async () => {
      if (this.conversationId !== id || this.busy) return;
      try {
        const conversation = await call("GET", `/api/conversations/${id}`);
        if (this.conversationId !== id || this.busy) return;
        const last = conversation.turns[conversation.turns.length - 1];
        if (last && last.status === "pending") this.watch(id);
        else this.show(conversation);
      } catch {
        this.watch(id);
      }
    }, WATCH_MS);
  }

  addTurn(question) {
    $("welcome").hidden = true;
    const node = this.template.content.firstElementChild.cloneNode(true);
    node.querySelector(".question").textContent = question; // a question is shown as typed: plain text
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
    };
    node.querySelector(".copy-answer").addEventListener("click", (event) => copyText(view.text, event.target));
    node.querySelector(".regenerate").addEventListener("click", () => this.regenerate());
    this.messages.append(node);
    return view;
  }

  finishTurn(view, turn) {
    view.turn = turn;
    view.turnId = turn.id;
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
      badge.textContent = last.label || CHECK_LABELS[last.status];
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
    if (interrupted) meta.push(INTERRUPTED_LABEL);
    else if (STATUS_LABELS[turn.status]) meta.push(STATUS_LABELS[turn.status]);
    if (!turn.in_context) meta.push("已重新生成，不再作为上下文");
    meta.push(turn.model);
    if (turn.usage.total_tokens) meta.push(`${turn.usage.total_tokens} tokens`);
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
    this.question.value = "";
    this.grow();
    this.clearPhoto();
    const view = this.addTurn(question);
    const ok = await this.run("/api/ask", body, view);
    if (!ok) {
      view.node.remove();
      this.question.value = question; // refused outright: nothing is lost, the question is back
      this.grow();
      if (!this.messages.querySelector(".turn")) $("welcome").hidden = false;
    }
  }

  async regenerate() {
    if (!this.conversationId || this.busy) return;
    const turns = this.messages.querySelectorAll(".turn");
    const previous = turns[turns.length - 1];
    const question = previous.querySelector(".question").textContent;
    const view = this.addTurn(question);
    const ok = await this.run(`/api/conversations/${this.conversationId}/regenerate`, this.options(), view);
    if (ok) {
      previous.classList.add("retired");
    } else {
      view.node.remove();
    }
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
        this.onError(error instanceof ApiError ? error.message : String(error));
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
    view.node.classList.add("streaming");
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
          view.node.classList.remove("streaming");
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
    text.textContent = LINK_STATES[state];
    view.link.append(text);
    if (state !== "reconnecting") {
      view.node.classList.remove("streaming");
      const again = document.createElement("button");
      again.type = "button";
      again.className = "link-button small";
      again.textContent = "重新连接";
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
      view.node.classList.add("streaming");
      // The first event of every answer: what the page showed of it is drawn again from the events
      // that follow (an answer attached to from the start replays all of them).
      view.text = "";
      view.segments = [];
      view.reasoning.hidden = true;
      view.reasoning.querySelector(".reasoning-text").textContent = "";
      view.notices.textContent = "";
      this.paint(view);
      if (fresh) this.onConversation(data.conversation_id);
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
      this.notice(view, data.code === "stopped" ? "stopped" : "error", data.message);
    } else if (name === "done") {
      view.done = true;
      view.node.classList.remove("streaming");
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
      this.controller?.abort();
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
      this.onError("照片超过 10 MB，请降低分辨率后重拍。");
      return;
    }
    this.clearReading();
    $("photo-preview").hidden = false;
    const image = $("photo-image");
    if (image.src) URL.revokeObjectURL(image.src);
    image.src = URL.createObjectURL(file);
    const status = $("photo-status");
    status.textContent = "正在识别题目……";
    $("photo-button").disabled = true;
    const form = new FormData();
    form.append("file", file, file.name || "photo.jpg");
    try {
      const result = await call("POST", "/api/photo", form);
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
    const by = result.source === "vision" && result.model ? `（由视觉模型 ${result.model} 读题）` : "";
    const unsure = result.doubts?.length ? "有地方没有把握，" : "";
    const status = $("photo-status");
    if (!result.text) {
      status.textContent = "没有识别出文字，请重拍或直接输入。";
      return;
    }
    const reading = this.readingBox();
    for (const doubt of result.doubts ?? []) {
      const item = document.createElement("li");
      item.textContent = doubt.split(" / ")[0]; // the Chinese half: the page speaks Chinese
      reading.doubts.append(item);
    }
    reading.doubts.hidden = !result.doubts?.length;
    if (questions.length > 1) {
      status.textContent = `照片里有 ${questions.length} 道题，请选一道${by}：`;
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
          status.textContent = `已选第 ${k + 1} 题，${unsure}请核对、修改后再发送。`;
        });
        reading.choices.append(chip);
      });
      reading.choices.hidden = false;
      return;
    }
    this.useReading(questions[0]);
    status.textContent = `已识别${by}，${unsure}请核对、修改后再发送。`;
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
      choices.setAttribute("aria-label", "选择一道题");
      const doubts = document.createElement("ul");
      doubts.id = "photo-doubts";
      doubts.className = "notice notice-withheld";
      doubts.setAttribute("aria-label", "请对照照片核对");
      box.append(choices, doubts);
      $("photo-preview").after(box);
    }
    return { box, choices: $("photo-choices"), doubts: $("photo-doubts") };
  }

  clearReading() {
    $("photo-reading")?.remove();
  }

  clearPhoto() {
    const image = $("photo-image");
    if (image.src) URL.revokeObjectURL(image.src);
    image.removeAttribute("src");
    $("photo-preview").hidden = true;
    $("photo-status").textContent = "";
    this.clearReading();
  }
}
