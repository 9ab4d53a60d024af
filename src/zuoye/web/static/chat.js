// The chat view: turns, the streamed answer, stop, regenerate, copy, and the photo button.
import { ApiError, call, stream } from "/static/api.js";
import { appendSegments, copyText, renderInto } from "/static/render.js";

const $ = (id) => document.getElementById(id);

const CHECK_LABELS = { agree: "✓ 已验算", disagree: "✗ 与计算机结果不一致", unknown: "未验算" };
const STATUS_LABELS = { incomplete: "（回答未完成）", failed: "（没有得到回答）", pending: "（正在回答…）" };
// A turn whose writer stopped or died (the server restarted mid-answer): what was saved is shown.
const INTERRUPTED_LABEL = "（回答中断，可以重新生成）";
const WATCH_MS = 3000; // how often a conversation answered elsewhere is looked at again

export class Chat {
  constructor({ onConversation, onError, onQuota }) {
    this.onConversation = onConversation; // (id) after a new conversation starts
    this.onError = onError;
    this.onQuota = onQuota;
    this.conversationId = null;
    this.readOnly = false;
    this.busy = false;
    this.controller = null;
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
    for (const turn of conversation.turns) {
      const view = this.addTurn(turn.question);
      this.finishTurn(view, turn);
    }
    this.markLast();
    this.scroll(true);
    const last = conversation.turns[conversation.turns.length - 1];
    if (last && last.status === "pending") this.watch(conversation.id);
  }

  // An answer pending when the conversation was opened is written by another request (another
  // tab, another process) or by a process that died and whose turn the server will close as
  // interrupted: look again until it is finished, so the page never waits forever.
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
      frame: 0,
    };
    node.querySelector(".copy-answer").addEventListener("click", (event) => copyText(view.text, event.target));
    node.querySelector(".regenerate").addEventListener("click", () => this.regenerate());
    this.messages.append(node);
    return view;
  }

  finishTurn(view, turn) {
    view.turn = turn;
    view.text = turn.answer;
    view.segments = turn.answer_segments.map((s) => ({ ...s }));
    cancelAnimationFrame(view.frame);
    renderInto(view.answer, view.segments);
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
      node.querySelector(".regenerate").hidden = !last || this.readOnly || this.busy;
    });
  }

  notice(view, kind, text, segments) {
    const box = document.createElement("div");
    box.className = `notice notice-${kind}`;
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

  async run(path, body, view) {
    this.setBusy(true);
    this.markLast();
    this.controller = new AbortController();
    let started = false;
    try {
      await stream(path, body, (name, data) => {
        started = true;
        this.event(view, name, data);
      }, this.controller.signal);
      return true;
    } catch (error) {
      if (!started) {
        this.onError(error instanceof ApiError ? error.message : String(error));
        return false;
      }
      this.notice(view, "error", error.message);
      return true;
    } finally {
      this.controller = null;
      this.setBusy(false);
      this.markLast();
      this.onQuota?.();
    }
  }

  event(view, name, data) {
    if (name === "started") {
      const fresh = this.conversationId !== data.conversation_id;
      this.conversationId = data.conversation_id;
      view.node.dataset.turnId = data.turn_id;
      view.node.classList.add("streaming");
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
      this.notice(view, data.kind, data.text, data.segments);
    } else if (name === "error") {
      this.notice(view, data.code === "stopped" ? "stopped" : "error", data.message);
    } else if (name === "done") {
      view.node.classList.remove("streaming");
      this.finishTurn(view, data.turn); // the stored answer, cut by the server as a whole
      this.scroll();
    }
  }

  async stop() {
    if (!this.busy) return;
    if (!this.conversationId) {
      this.controller?.abort();
      return;
    }
    try {
      await call("POST", `/api/conversations/${this.conversationId}/stop`);
    } catch {
      this.controller?.abort(); // the server cancels an answer nobody reads, and keeps what was written
    }
  }

  // -- photo -------------------------------------------------------------------------------
  async photo() {
    const input = $("photo-input");
    const file = input.files[0];
    input.value = "";
    if (!file) return;
    if (file.size > 10 * 1024 * 1024) {
      this.onError("照片超过 10 MB，请降低分辨率后重拍。");
      return;
    }
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
      const before = this.question.value.trim();
      this.question.value = before ? `${before}\n${result.text}` : result.text;
      this.grow();
      this.question.focus();
      status.textContent = result.text ? "已识别，请核对、修改后再发送。" : "没有识别出文字，请重拍或直接输入。";
    } catch (error) {
      status.textContent = error.message;
    } finally {
      $("photo-button").disabled = false;
    }
  }

  clearPhoto() {
    const image = $("photo-image");
    if (image.src) URL.revokeObjectURL(image.src);
    image.removeAttribute("src");
    $("photo-preview").hidden = true;
    $("photo-status").textContent = "";
  }
}
