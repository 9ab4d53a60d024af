from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from zuoye.batch import InputError, Journal, JournalError, journal_path, read_items, stable_id


def test_jsonl_lines_with_and_without_ids_and_bad_lines_reported(tmp_path: Path) -> None:
    f = tmp_path / "w.jsonl"
    f.write_text(
        "\n".join(
            [
                json.dumps({"id": "a", "question": "计算 1+1"}, ensure_ascii=False),
                json.dumps({"question": "解方程 2x=4", "grade": "小学", "mode": "hint"}, ensure_ascii=False),
                "{not json",
                json.dumps(["a list"]),
                json.dumps({"id": "b", "question": "   "}),
                json.dumps({"id": "c", "question": "q", "grade": "幼儿园"}, ensure_ascii=False),
                json.dumps({"id": "a", "question": "dup"}),
                "",
                json.dumps({"id": 7, "question": "计算 2+2"}, ensure_ascii=False),
            ]
        ),
        encoding="utf-8",
    )
    items, bad = read_items(f)
    assert [i.id for i in items] == ["a", stable_id("解方程 2x=4"), "7"]
    assert items[1].mode == "提示" and items[1].grade == "小学"
    said = [
        "不是有效的 JSON",
        "每一行都要是一个 JSON 对象",
        "没有题目",
        "年级“幼儿园”不对",
        "题号 'a' 重复了",
    ]
    assert [b.line for b in bad] == [3, 4, 5, 6, 7]
    assert all(b.reason.startswith(start) for b, start in zip(bad, said, strict=True)), bad


def test_stable_id_ignores_whitespace_but_not_content() -> None:
    assert stable_id("解方程  2x=4 ") == stable_id("解方程 2x=4")
    assert stable_id("解方程 2x=4") != stable_id("解方程 2x=5")


def test_csv_with_header_and_a_quoted_comma(tmp_path: Path) -> None:
    f = tmp_path / "w.csv"
    f.write_text(
        '\ufeffid,question,grade\n1,"解方程组 x+y=3, x-y=1",初中\n2,计算 1/2+1/3,\n', encoding="utf-8"
    )
    items, bad = read_items(f)
    assert bad == []
    assert [(i.id, i.question, i.grade) for i in items] == [
        ("1", "解方程组 x+y=3, x-y=1", "初中"),
        ("2", "计算 1/2+1/3", None),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("w.csv", "id,answer\n1,x\n", "题目"),
        ("w.txt", "x", "不认识的作业单格式"),
        ("w.jsonl", b"\xff\xfe\x00", "UTF-8"),
        ("missing.jsonl", None, "无法读取作业单"),
    ],
)
def test_unreadable_worksheets_are_clear_errors(
    tmp_path: Path, name: str, content: object, message: str
) -> None:
    f = tmp_path / name
    if isinstance(content, str):
        f.write_text(content)
    elif isinstance(content, bytes):
        f.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_items(f)


def test_journal_resumes_drops_a_cut_last_line_and_last_record_wins(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    basis = {"model": "m", "mode": "讲解", "grade": "初中", "help": "full", "prompt": "p"}
    with Journal(out) as j:
        j.append({"id": "a", "question": "q", "basis": basis, "status": "failed", "error": "x"})
        j.append({"id": "a", "question": "q", "basis": basis, "status": "answered", "answer": "1"})
        j.append({"id": "b", "question": "q2", "basis": basis, "status": "answered", "answer": "2"})
    with open(out, "ab") as f:
        f.write(b'{"id": "c", "question": "q3", "sta')  # killed mid-write
    with Journal(out) as j:
        assert j.done("a", "q", basis) and j.done("b", "q2", basis)
        assert not j.done("c", "q3", basis)
        assert not j.done("b", "changed question", basis)
        assert not j.done("b", "q2", basis | {"grade": "高中"})  # asked another way: asked again
        assert not j.done("b", "q2", None)  # a grade that is not one: asked, it fails saying so
        j.append({"id": "c", "question": "q3", "basis": basis, "status": "answered"})
    lines = out.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "a", "b", "c"]


def test_two_batches_cannot_write_one_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with Journal(out), pytest.raises(JournalError, match="另一个 `zuoye batch` 正在写"):
        Journal(out)


def test_sidecar_journal_for_report_formats(tmp_path: Path) -> None:
    assert journal_path(tmp_path / "a.jsonl") == tmp_path / "a.jsonl"
    assert journal_path(tmp_path / "r.html") == tmp_path / ".r.html.journal.jsonl"
    assert not os.path.exists(tmp_path / "r.html")
