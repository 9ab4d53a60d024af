// The HTTP API, from the page: JSON calls and the answer's event stream.
//
// Every request that changes something carries X-Zuoye-CSRF: 1, which the server requires from
// cookie-authenticated requests (another site's page cannot send it).

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
  const message = error.message ?? `服务器错误（HTTP ${response.status}），请稍后再试。`;
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
    throw new ApiError(0, "network", "连接不上服务器，请检查网络后再试。");
  }
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  return response.json();
}

// POST a question and call onEvent(name, data) for each server-sent event as it arrives.
// Resolves when the stream ends; rejects with ApiError when the request is refused outright.
export async function stream(path, body, onEvent, signal) {
  let response;
  try {
    response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream", "X-Zuoye-CSRF": "1" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (error) {
    if (error.name === "AbortError") return;
    throw new ApiError(0, "network", "连接不上服务器，请检查网络后再试。");
  }
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        dispatch(block, onEvent);
      }
    }
  } catch (error) {
    if (error.name === "AbortError") return;
    throw new ApiError(0, "network", "连接中断了。已写出的部分已保存，可以点“重新生成”。");
  }
}

function dispatch(block, onEvent) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    else if (field === "data") data.push(value);
  }
  if (data.length) onEvent(name, JSON.parse(data.join("\n")));
}
