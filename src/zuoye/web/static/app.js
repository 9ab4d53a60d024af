// The page: who is here, the conversation list, the pickers, login, and the teacher's view.
import { ApiError, call } from "/static/api.js";
import { Chat } from "/static/chat.js";
import { initWorksheets } from "/static/worksheets.js";
import { initMistakes } from "/static/mistakes.js";
import { initClassView } from "/static/class.js";

const $ = (id) => document.getElementById(id);
const app = $("app");
const ROLE_NAMES = { teacher: "老师", parent: "家长", student: "学生", admin: "管理员", local: "本机用户" };
const CEILING_NAMES = { hint: "只给提示", step: "只给下一步", full: "完整讲解" };

let me = null;

const chat = new Chat({
  onConversation: (id) => {
    history.replaceState(null, "", `#${id}`); // a reload (or a shared link) opens it, answer and all
    refreshConversations();
  },
  onError: (message) => banner("error", message, { dismissable: true }),
  onQuota: () => refreshQuota(),
});

// -- banners -------------------------------------------------------------------------------
function banner(kind, text, { dismissable = false, id = null } = {}) {
  if (id) document.querySelector(`[data-banner="${id}"]`)?.remove();
  const box = document.createElement("div");
  box.className = `banner banner-${kind}`;
  if (id) box.dataset.banner = id;
  const span = document.createElement("span");
  span.textContent = text;
  box.append(span);
  if (dismissable) {
    const close = document.createElement("button");
    close.type = "button";
    close.className = "icon-button";
    close.setAttribute("aria-label", "关闭");
    close.textContent = "✕";
    close.addEventListener("click", () => box.remove());
    box.append(close);
    setTimeout(() => box.remove(), 12000);
  }
  $("banners").append(box);
}

// -- boot ----------------------------------------------------------------------------------
async function boot() {
  try {
    me = await call("GET", "/api/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    app.dataset.state = "error";
    return banner("error", error.message);
  }
  app.dataset.state = "ready";
  $("login").hidden = true;
  $("chat").hidden = false;
  $("who").textContent = me.mode === "multi-user" ? `${me.user.name}（${ROLE_NAMES[me.user.role] ?? me.user.role}）` : "";
  $("logout").hidden = me.mode !== "multi-user";
  if (me.offline) {
    banner(
      "offline",
      "ERNIE（文心一言）未配置：现在只能由本地计算机代数系统解答能识别的数学题。" +
        "设置环境变量 QIANFAN_BEARER_TOKEN（千帆控制台 → API Key 创建的 v2 API Key）后重启 zuoye serve，即可获得 ERNIE 的讲解。",
      { id: "offline" },
    );
  }
  if (me.watched_by.length) {
    const names = me.watched_by.map((g) => `${g.name}（${ROLE_NAMES[g.role] ?? g.role}）`).join("、");
    banner("info", `${names} 可以查看你在这里的对话。`, { id: "watched" });
  }
  if (me.help_ceiling !== "full") {
    banner("info", `帮助上限：${CEILING_NAMES[me.help_ceiling]}（由老师或家长设置）。`, { id: "ceiling" });
  }
  showQuota(me.quota);
  await Promise.all([loadModels(), refreshConversations(), loadStudents()]);
  initWorksheets(me, { beforeOpen: () => { closeSidebar(); hideViews(); } });
  initMistakes(me, { beforeOpen: () => { closeSidebar(); hideViews(); } });
  initClassView(me, { beforeOpen: () => { closeSidebar(); hideViews(); }, onStudent: openStudentById });
  checkAssets();
  openFromHash();
}

// The page started, so its scripts loaded (static/loader.js speaks when they do not); a missing
// stylesheet or font still leaves formulae unreadable: the server says which and what to do.
async function checkAssets() {
  const { message } = await call("GET", "/api/assets");
  if (message) banner("error", message, { id: "assets" });
}

const PROVIDER_NAMES = { qianfan: "文心一言（千帆）" };

async function loadModels() {
  const models = await call("GET", "/api/models");
  const select = $("model");
  select.textContent = "";
  // One group per configured service; a group's title says when its list is zuoye's own.
  const groups = new Map();
  for (const provider of models.providers) {
    const group = document.createElement("optgroup");
    group.label = PROVIDER_NAMES[provider.name] ?? provider.name;
    if (provider.error) group.title = provider.error;
    groups.set(provider.name, group);
    select.append(group);
  }
  for (const model of models.models) {
    const option = document.createElement("option");
    option.value = model.name;
    option.textContent = model.name;
    option.title = model.description;
    option.selected = model.name === models.default;
    (groups.get(model.provider) ?? select).append(option);
  }
  if (!models.models.some((m) => m.name === models.default)) {
    const option = document.createElement("option"); // the configured default, even unlisted
    option.value = option.textContent = models.default;
    option.selected = true;
    select.prepend(option);
  }
  select.disabled = models.offline;
  select.title = models.offline ? "未配置模型服务：由本地求解器离线解答" : "";
}

function showQuota(quota) {
  const badge = $("quota");
  if (!quota || !quota.limit) {
    badge.hidden = true;
    return;
  }
  badge.hidden = false;
  badge.textContent = `今日剩余 ${quota.remaining}/${quota.limit} 次`;
  badge.classList.toggle("badge-warn", quota.remaining <= 3);
}

async function refreshQuota() {
  if (me?.mode !== "multi-user") return;
  try {
    me = await call("GET", "/api/me");
    showQuota(me.quota);
  } catch {
    // the next question will say what is wrong
  }
}

// -- the conversation list ---------------------------------------------------------------
function conversationItem(conv, { onOpen, onDelete }) {
  const li = document.createElement("li");
  li.dataset.id = conv.id;
  li.classList.toggle("active", conv.id === chat.conversationId);
  const open = document.createElement("button");
  open.type = "button";
  open.className = "conversation";
  open.textContent = conv.title;
  open.title = `${conv.title}\n${conv.grade} · ${conv.mode} · ${conv.turn_count} 问`;
  open.addEventListener("click", () => onOpen(conv.id));
  li.append(open);
  if (onDelete) {
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "icon-button delete";
    remove.setAttribute("aria-label", `删除对话 ${conv.title}`);
    remove.textContent = "✕";
    remove.addEventListener("click", () => onDelete(conv));
    li.append(remove);
  }
  return li;
}

async function refreshConversations() {
  const list = $("conversations");
  const { conversations } = await call("GET", "/api/conversations?limit=100");
  list.textContent = "";
  for (const conv of conversations) {
    list.append(conversationItem(conv, { onOpen: openConversation, onDelete: deleteConversation }));
  }
  $("no-conversations").hidden = conversations.length > 0;
}

async function openConversation(id) {
  closeSidebar();
  showChat();
  try {
    const conversation = await call("GET", `/api/conversations/${id}`);
    chat.show(conversation);
    $("mode").value = conversation.mode;
    $("grade").value = conversation.grade;
    $("title").textContent = conversation.read_only ? `${conversation.owner.name}：${conversation.title}` : conversation.title;
    document.querySelector('[data-banner="readonly"]')?.remove();
    if (conversation.read_only) {
      banner("info", `只读：这是 ${conversation.owner.name} 的对话，你可以查看，不能在这里提问。`, { id: "readonly" });
    }
    history.replaceState(null, "", `#${id}`);
    for (const li of document.querySelectorAll(".conversation-list li")) li.classList.toggle("active", li.dataset.id === id);
  } catch (error) {
    banner("error", error.message, { dismissable: true });
  }
}

async function deleteConversation(conv) {
  if (!confirm(`删除对话“${conv.title}”？删除后无法恢复。`)) return;
  try {
    await call("DELETE", `/api/conversations/${conv.id}`);
    if (chat.conversationId === conv.id) newChat();
    await refreshConversations();
  } catch (error) {
    banner("error", error.message, { dismissable: true });
  }
}

function newChat() {
  document.querySelector('[data-banner="readonly"]')?.remove();
  showChat();
  chat.clear();
  $("title").textContent = "作业";
  history.replaceState(null, "", location.pathname);
  for (const li of document.querySelectorAll(".conversation-list li")) li.classList.remove("active");
  closeSidebar();
  $("question").focus();
}

function openFromHash() {
  const id = location.hash.slice(1);
  if (/^[0-9a-f]{32}$/.test(id)) openConversation(id);
}

function showChat() {
  hideViews();
  $("chat").hidden = false;
}

function hideViews() {
  $("chat").hidden = true;
  $("student-view").hidden = true;
  $("worksheets-view").hidden = true;
  $("mistakes-view").hidden = true;
  $("class-view").hidden = true;
}

// -- teachers and parents -----------------------------------------------------------------
async function loadStudents() {
  if (!["teacher", "parent"].includes(me.user.role)) return;
  const students = await call("GET", "/api/students");
  $("students-panel").hidden = false;
  const list = $("students");
  list.textContent = "";
  for (const student of students) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "conversation";
    button.textContent = `${student.name} · 今日 ${student.questions_today} 问`;
    button.addEventListener("click", () => openStudent(student));
    li.append(button);
    list.append(li);
  }
}

async function openStudentById(id) {
  const student = (await call("GET", "/api/students")).find((s) => s.id === id);
  if (student) openStudent(student);
}

async function openStudent(student) {
  closeSidebar();
  hideViews();
  $("student-view").hidden = false;
  $("student-name").textContent = student.name;
  $("title").textContent = `学生：${student.name}`;
  const select = $("student-ceiling");
  select.value = student.help_ceiling_set ? student.help_ceiling : "";
  select.onchange = async () => {
    try {
      const updated = await call("PUT", `/api/students/${student.id}/settings`, { help_ceiling: select.value || null });
      $("student-saved").textContent = `已保存：${CEILING_NAMES[updated.help_ceiling]}`;
      Object.assign(student, updated);
    } catch (error) {
      $("student-saved").textContent = error.message;
    }
  };
  const list = $("student-conversations");
  list.textContent = "";
  const { conversations } = await call("GET", `/api/students/${student.id}/conversations?limit=100`);
  for (const conv of conversations) list.append(conversationItem(conv, { onOpen: openConversation }));
  if (!conversations.length) list.textContent = "还没有对话。";
}

// -- login ---------------------------------------------------------------------------------
function showLogin() {
  app.dataset.state = "login";
  $("login").hidden = false;
  $("chat").hidden = true;
  $("student-view").hidden = true;
  $("login-name").focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = $("login-error");
  error.hidden = true;
  try {
    await call("POST", "/api/login", { name: $("login-name").value, password: $("login-password").value });
    $("login-password").value = "";
    await boot();
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
  }
});

$("logout").addEventListener("click", async () => {
  await call("POST", "/api/logout").catch(() => {});
  history.replaceState(null, "", location.pathname); // the next to log in does not open this conversation
  location.reload();
});

// -- the narrow-screen drawer -------------------------------------------------------------
function openSidebar() {
  app.classList.add("sidebar-open");
  $("scrim").hidden = false;
}
function closeSidebar() {
  app.classList.remove("sidebar-open");
  $("scrim").hidden = true;
}
$("open-sidebar").addEventListener("click", openSidebar);
$("close-sidebar").addEventListener("click", closeSidebar);
$("scrim").addEventListener("click", closeSidebar);
$("new-chat").addEventListener("click", newChat);
window.addEventListener("hashchange", openFromHash);
window.addEventListener("zuoye:login-required", () => {
  if (app.dataset.state !== "login") showLogin();
});

boot();
