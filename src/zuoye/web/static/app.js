// The page: who is here, the conversation list, the pickers, login, and the teacher's view.
import { ApiError, call } from "/static/api.js";
import { Chat } from "/static/chat.js";
import { initWorksheets } from "/static/worksheets.js";
import { initMistakes } from "/static/mistakes.js";
import { initClassView } from "/static/class.js";
import { t } from "/static/i18n.js";

const $ = (id) => document.getElementById(id);
const app = $("app");
// keys, said when shown (the page's words are in the reader's language)
const ROLE_NAMES = {
  teacher: "page.role.teacher",
  parent: "page.role.parent",
  student: "page.role.student",
  admin: "page.role.admin",
  local: "page.role.local",
};
const CEILING_NAMES = { hint: "page.ceiling.hint", step: "page.ceiling.step", full: "page.ceiling.full" };
// a conversation's grade and mode are stored as the Chinese values the API takes
const GRADE_NAMES = { 小学: "page.grade.primary", 初中: "page.grade.junior", 高中: "page.grade.senior", 大学: "page.grade.university" };
const MODE_NAMES = { 讲解: "page.mode.explain", 提示: "page.mode.hint", 批改: "page.mode.check", 练习: "page.mode.practice" };
const named = (names, value) => (names[value] ? t(names[value]) : value);
const person = (user) => t("page.person", { name: user.name, role: named(ROLE_NAMES, user.role) });

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
    close.setAttribute("aria-label", t("page.close"));
    close.textContent = "✕";
    close.addEventListener("click", () => box.remove());
    box.append(close);
    setTimeout(() => box.remove(), 12000);
  }
  $("banners").append(box);
}

// -- boot ----------------------------------------------------------------------------------
async function boot() {
  const before = me?.user?.id;
  try {
    me = await call("GET", "/api/me");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showLogin();
    app.dataset.state = "error";
    return banner("error", error.message);
  }
  if (before && me.user?.id !== before) {
    // Someone else logged in where a session lapsed (a shared phone): nothing of the one before
    // stays on the page — their list, students, views — and not their conversation's address.
    history.replaceState(null, "", location.pathname);
    location.reload();
    return;
  }
  app.dataset.state = "ready";
  $("login").hidden = true;
  $("chat").hidden = false;
  $("who").textContent = me.mode === "multi-user" ? person(me.user) : "";
  $("logout").hidden = me.mode !== "multi-user";
  if (me.offline) {
    // Setting ERNIE up is for whoever runs the server: on a shared server, a student, parent or
    // teacher is not told to set environment variables and restart it.
    const runsIt = me.mode !== "multi-user" || me.user.role === "admin";
    banner("offline", t(runsIt ? "page.banner.offline" : "page.banner.offline_shared"), { id: "offline" });
  }
  if (me.watched_by.length) {
    const names = me.watched_by.map(person).join(t("page.list_separator"));
    banner("info", t("page.banner.watched", { names }), { id: "watched" });
  }
  if (me.help_ceiling !== "full") {
    const ceiling = named(CEILING_NAMES, me.help_ceiling);
    banner("info", t("page.banner.ceiling", { ceiling }), { id: "ceiling" });
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

const PROVIDER_NAMES = { qianfan: "page.provider.qianfan" };

async function loadModels() {
  const models = await call("GET", "/api/models");
  const select = $("model");
  select.textContent = "";
  // One group per configured service; a group's title says when its list is zuoye's own.
  const groups = new Map();
  for (const provider of models.providers) {
    const group = document.createElement("optgroup");
    group.label = named(PROVIDER_NAMES, provider.name);
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
  select.title = models.offline ? t("page.models.offline") : "";
}

function showQuota(quota) {
  const badge = $("quota");
  if (!quota || !quota.limit) {
    badge.hidden = true;
    return;
  }
  badge.hidden = false;
  badge.textContent = t("page.quota", { remaining: quota.remaining, limit: quota.limit });
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
  const [grade, mode, count] = [named(GRADE_NAMES, conv.grade), named(MODE_NAMES, conv.mode), conv.turn_count];
  open.title = `${conv.title}\n${t("page.conversation.about", { grade, mode, count })}`;
  open.addEventListener("click", () => onOpen(conv.id));
  li.append(open);
  if (onDelete) {
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "icon-button delete";
    remove.setAttribute("aria-label", t("page.conversation.delete", { title: conv.title }));
    remove.textContent = "✕";
    remove.addEventListener("click", () => onDelete(conv));
    li.append(remove);
  }
  return li;
}

// The list comes a page at a time, newest first; 更早的对话 under it brings the next page (a
// student past a hundred conversations could not reach the older ones).
const PAGE = 100;

async function refreshConversations() {
  const { conversations } = await call("GET", `/api/conversations?limit=${PAGE}`);
  $("conversations").textContent = "";
  showConversations(conversations);
  $("no-conversations").hidden = conversations.length > 0;
}

function showConversations(conversations) {
  for (const conv of conversations) {
    $("conversations").append(conversationItem(conv, { onOpen: openConversation, onDelete: deleteConversation }));
  }
  $("more-conversations").hidden = conversations.length < PAGE;
}

$("more-conversations").addEventListener("click", async () => {
  const offset = $("conversations").children.length;
  try {
    showConversations((await call("GET", `/api/conversations?limit=${PAGE}&offset=${offset}`)).conversations);
  } catch (error) {
    banner("error", error.message, { dismissable: true });
  }
});

async function openConversation(id) {
  closeSidebar();
  showChat();
  try {
    const conversation = await call("GET", `/api/conversations/${id}`);
    chat.show(conversation);
    $("mode").value = conversation.mode;
    $("grade").value = conversation.grade;
    $("title").textContent = conversation.read_only ? t("page.conversation.of", { name: conversation.owner.name, title: conversation.title }) : conversation.title;
    document.querySelector('[data-banner="readonly"]')?.remove();
    if (conversation.read_only) {
      banner("info", t("page.conversation.read_only", { name: conversation.owner.name }), { id: "readonly" });
    }
    history.replaceState(null, "", `#${id}`);
    for (const li of document.querySelectorAll(".conversation-list li")) li.classList.toggle("active", li.dataset.id === id);
  } catch (error) {
    banner("error", error.message, { dismissable: true });
  }
}

async function deleteConversation(conv) {
  if (!confirm(t("page.conversation.confirm_delete", { title: conv.title }))) return;
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
  $("title").textContent = t("page.app_name");
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
    button.textContent = t("page.student.today", { name: student.name, count: student.questions_today });
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
  $("title").textContent = t("page.student.title", { name: student.name });
  const select = $("student-ceiling");
  select.value = student.help_ceiling_set ? student.help_ceiling : "";
  select.onchange = async () => {
    try {
      const updated = await call("PUT", `/api/students/${student.id}/settings`, { help_ceiling: select.value || null });
      $("student-saved").textContent = t("page.student.saved", { ceiling: named(CEILING_NAMES, updated.help_ceiling) });
      Object.assign(student, updated);
    } catch (error) {
      $("student-saved").textContent = error.message;
    }
  };
  const list = $("student-conversations");
  list.textContent = "";
  const { conversations } = await call("GET", `/api/students/${student.id}/conversations?limit=100`);
  for (const conv of conversations) list.append(conversationItem(conv, { onOpen: openConversation }));
  if (!conversations.length) list.textContent = t("page.student.no_conversations");
}

// -- login ---------------------------------------------------------------------------------
// Nothing but the form while logged out (app.css hides the drawer and the quota): a session that
// lapsed says so, and what was typed in the question box is there again after logging in.
function showLogin({ lapsed = false } = {}) {
  app.dataset.state = "login";
  closeSidebar();
  hideViews();
  $("login").hidden = false;
  $("title").textContent = t("page.app_name");
  // who reads along, the help ceiling: said of the account logged in, again after the next login
  for (const box of document.querySelectorAll("#banners .banner-info")) box.remove();
  $("login-note").hidden = !lapsed;
  $("login-note").textContent = lapsed ? t("page.login.lapsed") : "";
  $("login-name").focus();
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = $("login-error");
  error.hidden = true;
  const empty = !$("login-name").value.trim() ? "login-name" : !$("login-password").value ? "login-password" : null;
  if (empty) {
    // said here, in words, not as the API's field names
    error.textContent = t("page.login.missing");
    error.hidden = false;
    $(empty).focus();
    return;
  }
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
// Closed, it is only slid off the screen: inert keeps Tab and a screen reader out of it too.
const narrow = window.matchMedia("(max-width: 760px)");
function drawerReach() {
  $("sidebar").inert = narrow.matches && !app.classList.contains("sidebar-open");
}
function openSidebar() {
  app.classList.add("sidebar-open");
  $("scrim").hidden = false;
  drawerReach();
}
function closeSidebar() {
  app.classList.remove("sidebar-open");
  $("scrim").hidden = true;
  drawerReach();
}
drawerReach();
narrow.addEventListener("change", drawerReach);
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && app.classList.contains("sidebar-open")) {
    closeSidebar();
    $("open-sidebar").focus();
  }
});
$("open-sidebar").addEventListener("click", openSidebar);
$("close-sidebar").addEventListener("click", closeSidebar);
$("scrim").addEventListener("click", closeSidebar);
$("new-chat").addEventListener("click", newChat);
window.addEventListener("hashchange", openFromHash);
window.addEventListener("zuoye:login-required", () => {
  if (app.dataset.state !== "login") showLogin({ lapsed: app.dataset.state === "ready" });
});

boot();
