// The HTTP API, from the page: JSON calls and the answer's event stream.
//
// Every request that changes something carries X-Zuoye-CSRF: 1, which the server requires from
// cookie-authenticated requests (another site's page cannot send it).

import { t } from "/static/i18n.js";

export class ApiError extends Error {
  constructor(status, code, message, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

async function failure(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: a proxy's error page
  }
  const error = body?.error ?? {};
  const message = error.message ?? t("page.api.http_error", { status: response.status });
  if (response.status === 401) {
    // the session ended (expired, logged out elsewhere, password changed): back to the login form
    window.dispatchEvent(new CustomEvent("zuoye:login-required"));
  }
  return new ApiError(response.status, error.code ?? "http_error", message, body);
}

export async function call(method, path, body) {
  const headers = { Accept: "application/json" };
  const init = { method, headers, credentials: "same-origin" };
  if (method !== "GET") headers["X-Zuoye-CSRF"] = "1";
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, "network", t("page.api.network"));
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  return response.json();
}

// An answer's server-sent events, from POST /api/ask (or regenerate) and, after a reconnect, from
// GET /api/conversations/{id}/events: onEvent(name, data, id) is called for each event as it
// arrives. Resolves when the stream ends, with or without its `done` (the caller knows which it
// saw) and when `signal` aborts it; rejects with ApiError when the request is refused (its HTTP
// status), cannot be sent (code "network") or breaks part-way (code "cut").
export function stream(path, body, onEvent, signal) {
  const headers = { "Content-Type": "application/json", Accept: "text/event-stream", "X-Zuoye-CSRF": "1" };
  return events(path, { method: "POST", headers, body: JSON.stringify(body) }, onEvent, signal);
}

// Read an answer's events again: those after `lastEventId` (the id of the last one handled), or
// all of them from the start when it is null. The server follows the answer live until `done`.
export function follow(path, lastEventId, onEvent, signal) {
  const headers = { Accept: "text/event-stream" };
  if (lastEventId) headers["Last-Event-ID"] = lastEventId;
  return events(path, { method: "GET", headers, cache: "no-store" }, onEvent, signal);
}

// The server writes at least a comment every 15 s while an answer is being written; a stream
// silent for longer than this is taken for dead (a half-open connection a proxy forgot).
const SILENT_MS = 45_000;

async function events(path, init, onEvent, signal) {
  const own = new AbortController(); // the caller's signal, or silence
  const leave = () => own.abort();
  signal?.addEventListener("abort", leave, { once: true });
  let timer = setTimeout(leave, SILENT_MS);
  const listen = () => {
    clearTimeout(timer);
    timer = setTimeout(leave, SILENT_MS);
  };
  try {
    return await read(path, init, onEvent, own.signal, listen, () => signal?.aborted);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", leave);
  }
}

async function read(path, init, onEvent, signal, listen, leaving) {
  let response;
  try {
    response = await fetch(path, { ...init, credentials: "same-origin", signal });
  } catch (error) {
    if (leaving()) return;
    throw new ApiError(0, "network", t("page.api.network"));
  }
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch {
      if (leaving()) return;
      throw new ApiError(0, "cut", t("page.api.cut"));
    }
    listen();
    if (chunk.done) return;
    buffer += chunk.value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      dispatch(block, onEvent); // the page's own errors are not taken for a broken connection
    }
  }
}

function dispatch(block, onEvent) {
  let name = "message";
  let id = null;
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
    else if (field === "id") id = value;
  }
  if (data.length) onEvent(name, JSON.parse(data.join("\n")), id);
}
