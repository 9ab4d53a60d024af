"""The event-stream decoder: the standard's line and field rules, Baidu's bare error line, and
(hypothesis) that any chunking of a valid byte stream decodes to the same events."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zuoye.ernie import StreamError
from zuoye.ernie._sse import ServerSentEvent, SSEDecoder


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    d = SSEDecoder()
    out: list[ServerSentEvent] = []
    for c in chunks:
        out.extend(d.feed(c))
    out.extend(d.flush())
    return out


def test_events_with_and_without_the_space_after_data() -> None:
    events = decode(b'data: {"a":1}\n\ndata:{"b":2}\n\n')
    assert [e.data for e in events] == ['{"a":1}', '{"b":2}']
    # Only one leading space is part of the syntax; more belong to the value.
    assert decode(b"data:  two\n\n")[0].data == " two"


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_ending(eol: bytes) -> None:
    raw = b"data: one" + eol + eol + b": keep-alive" + eol + b"data: two" + eol + eol
    assert [e.data for e in decode(raw)] == ["one", "two"]


def test_crlf_split_across_reads_is_one_line_end() -> None:
    assert [e.data for e in decode(b"data: one\r", b"\n\r", b"\n", b"data: two\r\n\r\n")] == ["one", "two"]


def test_comments_and_other_fields() -> None:
    raw = b": ping\nevent: message\nid: 7\nretry: 1500\nfoo: bar\ndata: x\n\n"
    (e,) = decode(raw)
    assert (e.data, e.event, e.id, e.retry) == ("x", "message", "7", 1500)


def test_several_data_lines_join_with_newlines() -> None:
    assert decode(b"data: a\ndata: b\ndata:\n\n")[0].data == "a\nb\n"


def test_blank_lines_without_data_dispatch_nothing() -> None:
    assert decode(b"\n\n: only a comment\n\nevent: x\n\n") == []


def test_byte_order_mark_is_skipped_even_when_split() -> None:
    assert [e.data for e in decode(b"\xef\xbb", b"\xbfdata: x\n\n")] == ["x"]


def test_multibyte_character_split_between_reads() -> None:
    raw = 'data: {"result":"你好"}\n\n'.encode()
    cut = raw.index("好".encode()) + 1  # inside the three bytes of 好
    assert decode(raw[:cut], raw[cut:])[0].data == '{"result":"你好"}'


def test_many_events_in_one_read_and_one_event_in_many_reads() -> None:
    raw = b"".join(b"data: %d\n\n" % i for i in range(50))
    assert [e.data for e in decode(raw)] == [str(i) for i in range(50)]
    assert [e.data for e in decode(*(bytes([b]) for b in raw))] == [str(i) for i in range(50)]


def test_bare_json_line_is_delivered_as_a_bare_event() -> None:
    # Baidu's error after the stream started: a JSON line that is not a field.
    events = decode(b'data: {"result":"a"}\n\n{"error_code":336100,"error_msg":"busy"}\n')
    assert events[0].bare is False
    assert events[1] == ServerSentEvent(data='{"error_code":336100,"error_msg":"busy"}', bare=True)


def test_a_last_event_without_its_blank_line_is_still_delivered() -> None:
    assert [e.data for e in decode(b"data: a\n\ndata: last")] == ["a", "last"]


def test_line_separator_inside_json_is_not_a_line_end() -> None:
    # U+2028 is a line break to str.splitlines but not to the event-stream grammar.
    assert decode('data: {"t":"a\u2028b"}\n\n'.encode())[0].data == '{"t":"a\u2028b"}'


def test_invalid_utf8_is_an_error_not_a_silent_drop() -> None:
    with pytest.raises(StreamError, match="UTF-8"):
        decode(b"data: \xff\xfe\n\n")


# --------------------------------------------------------------------------- properties

_value = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), max_size=30
)
_event = st.lists(_value, min_size=1, max_size=3)  # data lines of one event


@st.composite
def encoded_streams(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    """A valid stream in a random mix of line endings, `data:` spellings and comments."""
    events = draw(st.lists(_event, max_size=8))
    out: list[str] = []
    prev = ""

    def eol() -> str:
        nonlocal prev
        # After a lone CR, a line end starting with LF would merge with it into one CRLF.
        prev = draw(st.sampled_from(["\r", "\r\n"] if prev == "\r" else ["\n", "\r\n", "\r"]))
        return prev

    for lines in events:
        if draw(st.booleans()):
            out.append(": keep-alive" + eol())
        for value in lines:
            spaced = value.startswith(" ") or draw(st.booleans())
            out.append(("data: " if spaced else "data:") + value + eol())
        out.append(eol())
    return "".join(out).encode(), ["\n".join(lines) for lines in events]


@settings(max_examples=200, deadline=None)
@given(encoded_streams(), st.data())
def test_any_chunking_gives_the_same_events(stream: tuple[bytes, list[str]], data: st.DataObject) -> None:
    raw, expected = stream
    cuts = sorted(data.draw(st.lists(st.integers(0, len(raw)), max_size=12)))
    chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    assert [e.data for e in decode(raw)] == expected
    assert [e.data for e in decode(*chunks)] == expected
