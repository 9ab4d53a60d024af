// Watches the page's own start-up. app.js is a module that imports the maths and Markdown libraries
// (/vendor/…); when one of them cannot be loaded the browser runs none of it, and without this
// script the page would say "loading" for ever with no word of why. A classic script, not a module,
// so it runs even when the modules cannot — and it loads nothing itself but one API call.
(function () {
  "use strict";
  var shown = false;
  var FALLBACK = {
    "page.loader.failed":
      "页面无法加载（{detail}），无法提问。请重启 zuoye serve 后刷新页面；若仍然如此，请重新安装 zuoye。 / " +
      "The page failed to load ({detail}): restart zuoye serve and reload; if it persists, reinstall zuoye.",
    "page.loader.script": "脚本 {src} 加载失败 / a script failed to load: {src}",
  };

  // The page's words, from the table the server put into the page (as static/i18n.js reads it:
  // that module may be the one that failed). Both languages when even the table is unreadable.
  function say(key, params) {
    var text = null;
    try {
      var table = JSON.parse(document.getElementById("page-messages").textContent);
      text = typeof table[key] === "string" ? table[key] : null;
    } catch (e) {
      text = null;
    }
    if (text === null) text = FALLBACK[key] || key;
    return text.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : match;
    });
  }

  function starting() {
    var app = document.getElementById("app");
    return app !== null && app.dataset.state === "loading";
  }

  function show(message) {
    if (shown) return;
    shown = true;
    var app = document.getElementById("app");
    if (app) app.dataset.state = "error";
    var box = document.createElement("div");
    box.className = "banner banner-error";
    box.id = "load-error";
    box.setAttribute("role", "alert");
    var text = document.createElement("span");
    text.textContent = message;
    box.appendChild(text);
    var place = document.getElementById("banners") || document.body;
    place.appendChild(box);
    var send = document.getElementById("send");
    if (send) send.disabled = true;
  }

  function explain(detail) {
    // The server knows which library is missing and what to do about it; ask it.
    var fallback = say("page.loader.failed", { detail: detail });
    fetch("/api/assets", { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (assets) {
        show(assets && assets.message ? assets.message : fallback);
      })
      .catch(function () {
        show(fallback);
      });
  }

  // Capture phase: a <script> that fails to load fires "error" on itself, which does not bubble.
  window.addEventListener(
    "error",
    function (event) {
      if (!starting()) return;
      var target = event.target;
      if (target && target.tagName === "SCRIPT") {
        explain(say("page.loader.script", { src: target.getAttribute("src") || "" }));
      } else if (event.message) {
        // a module was fetched but threw while it was evaluated (a damaged or mismatched file)
        explain(event.message);
      }
    },
    true,
  );
})();
