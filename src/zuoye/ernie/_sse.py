"""An incremental `text/event-stream` decoder (the WHATWG event-stream rules, plus one Baidu quirk).

Bytes go in as they arrive from the network, in whatever pieces; complete events come out. It
handles CRLF, LF and lone CR line ends (a CRLF split across two reads is one line end), `data:`
with or without the space, several `data:` lines joined by newlines, `:` comments (keep-alives),
`event:`/`id:`/`retry:` fields, a UTF-8 byte-order mark, and multi-byte characters split across
reads (lines are decoded only once complete).

The Baidu quirk: an error after the stream has started arrives as a bare JSON line
(`{"error_code": ...}`) instead of a `data:` field. By the standard rules that line is an unknown
field and would be silently dropped; here it is delivered as an event with `bare=True`, so the
caller can raise it instead of returning a truncated answer.

No I/O: the send loops feed it; the same decoder serves the sync and async clients.
"""

from __future__ import annotations

from dataclasses import dataclass

from zuoye.ernie._errors import StreamError

_BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class ServerSentEvent:
    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None
    # A bare JSON line outside any field (Baidu's mid-stream error), not a standard event.
    bare: bool = False


class SSEDecoder:
    """Feed bytes with `feed()`, call `flush()` at the end of the stream; both return events."""

    __slots__ = ("_buf", "_data", "_event", "_id", "_retry", "_skip_lf", "_started")

    def __init__(self) -> None:
        self._buf = b""
        self._skip_lf = False
        self._started = False
        self._data: list[str] = []
        self._event: str | None = None
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        if not chunk:
            return []
        if self._skip_lf:
            self._skip_lf = False
            if chunk[:1] == b"\n":
                chunk = chunk[1:]
                if not chunk:
                    return []
        if not self._started:
            buf = self._buf + chunk
            if len(buf) < len(_BOM) and _BOM.startswith(buf):
                self._buf = buf  # could still be the start of a BOM
                return []
            self._started = True
            self._buf = b""
            chunk = buf[3:] if buf.startswith(_BOM) else buf
        data = self._buf + chunk if self._buf else chunk
        # Everything up to the last line end is complete; the rest waits for the next read.
        cut = max(data.rfind(b"\n"), data.rfind(b"\r"))
        if cut < 0:
            self._buf = data
            return []
        self._buf = data[cut + 1 :]
        end = cut
        if data[cut] == 0x0A and cut and data[cut - 1] == 0x0D:
            end -= 1  # the last line end is a CRLF
        elif data[cut] == 0x0D and cut == len(data) - 1:
            self._skip_lf = True  # a CR at the very end may be the first half of a split CRLF
        # One decode for all complete lines: a line end never falls inside a UTF-8 sequence.
        # Split on the event-stream line ends only (str.splitlines would also split on U+2028
        # and friends inside the JSON text).
        try:
            text = data[:end].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StreamError(
                f"the event stream is not valid UTF-8 ({exc.reason}): {data[:end][max(exc.start - 40, 0) : exc.end + 40]!r}"
            ) from None
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        events: list[ServerSentEvent] = []
        data_lines = self._data
        for line in text.split("\n"):
            if line[:5] == "data:":  # the common case first
                data_lines.append(line[6:] if line[5:6] == " " else line[5:])
            elif not line:
                if data_lines:
                    events.append(ServerSentEvent("\n".join(data_lines), self._event, self._id, self._retry))
                    data_lines = self._data = []
                self._event = None
            else:
                event = self._line(line)
                if event is not None:
                    events.append(event)
        return events

    def flush(self) -> list[ServerSentEvent]:
        """End of stream: process an unterminated last line and deliver a pending event.

        The standard discards an event not followed by a blank line; a server that forgets the final
        blank line would then lose its last (is_end) event, so it is delivered instead.
        """
        events: list[ServerSentEvent] = []
        if self._buf:
            raw, self._buf = self._buf, b""
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise StreamError(
                    f"the event stream is not valid UTF-8 ({exc.reason}): {raw[:80]!r}"
                ) from None
            event = self._line(line)
            if event is not None:
                events.append(event)
        event = self._line("")
        if event is not None:
            events.append(event)
        return events

    def _line(self, line: str) -> ServerSentEvent | None:
        """Any line but the common `data:` one (handled inline by `feed`)."""
        if not line:
            return self._dispatch()
        if line.startswith("data:"):
            value = line[5:]
            self._data.append(value[1:] if value[:1] == " " else value)
            return None
        if line[0] == ":":
            return None  # a comment: keep-alive
        if line[0] == "{" and not self._data:
            return ServerSentEvent(data=line, bare=True)
        name, sep, value = line.partition(":")
        if sep and value[:1] == " ":
            value = value[1:]
        if name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._id = value
        elif name == "retry" and value.isdigit():
            self._retry = int(value)
        # Any other field is ignored, as the standard says.
        return None

    def _dispatch(self) -> ServerSentEvent | None:
        if not self._data:
            self._event = None
            return None
        event = ServerSentEvent(data="\n".join(self._data), event=self._event, id=self._id, retry=self._retry)
        self._data = []
        self._event = None
        return event
