"""Markdown, HTML and email files: only the prose is linted, and every finding points at the
exact line and column of the file as the user sees it (CRLF, entities, MIME encodings too)."""

from __future__ import annotations

import json
from email import policy
from email.message import EmailMessage

import pytest


def findings(run) -> list[tuple[int, int, str, str]]:
    assert "Traceback" not in run.stderr, run.stderr
    report = json.loads(run.stdout)
    return [
        (f["line"], f["column"], f["excerpt"], f["rule"])
        for entry in report["files"]
        for f in entry["findings"]
    ]


def places(run) -> set[tuple[int, int, str]]:
    return {(line, col, excerpt) for line, col, excerpt, _ in findings(run)}


# --- Markdown --------------------------------------------------------------------------------

MARKDOWN = (
    "---\n"
    "title: 领导英明\n"  # front matter: never linted
    "---\n"
    "# 周报\n"
    "\n"
    "领导**英明**，这次多亏您。\n"  # 6: emphasis markers dropped, 英明 found at column 5
    "\n"
    "看 [英明的决定](https://example.com/genius) 和 `领导英明` <!-- 领导英明 -->。\n"  # 8
    "\n"
    "```\n"
    "领导英明 genius\n"  # a code block: never linted
    "```\n"
    "\n"
    "| 项目 | 评价 |\n"
    "|---|---|\n"
    "| 方案 | 领导英明 |\n"  # 16: a table cell is prose
    "\n"
    "    indented code: you are a genius\n"
    "\n"
    "See <https://genius.example.com> and https://example.com/genius today.\n"
)
MARKDOWN_PLACES = {(6, 5, "英明"), (8, 4, "英明"), (16, 10, "英明")}


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_markdown_prose_only_at_exact_places(check, tmp_path, newline):
    path = tmp_path / "weekly.md"
    path.write_bytes(MARKDOWN.replace("\n", newline).encode("utf-8"))
    run = check("--format", "json", path)
    assert places(run) == MARKDOWN_PLACES


def test_markdown_entities_and_escapes_map_to_their_source(check, tmp_path):
    path = tmp_path / "note.md"
    text = "Tom &amp; Jerry \\* you are a *genius*.\n"
    path.write_text(text, encoding="utf-8")
    assert text.index("genius") + 1 == 31
    assert places(check("--format", "json", path)) == {(1, 31, "genius")}


def test_markdown_list_items_are_separate_sentences(lib):
    from linter.api import message_from_text

    text = "- 第一项没有句号但是很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长\n- 第二项\n"
    message = message_from_text(text, kind="markdown")
    analysis = lib.analyze(message.lint_text)
    assert len(analysis.sentences) == 2


# --- HTML ------------------------------------------------------------------------------------

HTML = (
    "<!DOCTYPE html>\n"
    "<html><head><title>you are a genius</title>\n"
    '<style>.x { content: "genius" }</style></head>\n'
    "<body>\n"
    "<p>You are a genius, say\n"  # 5: genius at column 14
    "  all of us.</p><script>var s = 'your boss is a genius';</script>\n"
    "<p>Tom &amp; Jerry: <b>genius</b> work</p>\n"  # 7: after an entity, column 24
    "<!-- your boss -->\n"
    "</body></html>\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_html_text_nodes_only(check, tmp_path, newline):
    path = tmp_path / "page.html"
    path.write_bytes(HTML.replace("\n", newline).encode("utf-8"))
    assert places(check("--format", "json", path)) == {(5, 14, "genius"), (7, 24, "genius")}


def test_html_entity_inside_a_finding_is_part_of_its_excerpt(check, tmp_path):
    path = tmp_path / "page.htm"
    path.write_text("<p>I will tell your&#32;boss tomorrow.</p>\n", encoding="utf-8")
    assert places(check("--format", "json", path)) == {(1, 16, "your&#32;boss")}


# --- Email -----------------------------------------------------------------------------------


def _email(body: str, subject: str = "周报", cte: str = "8bit", html: str | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Zhao <zhao@example.com>"
    msg["To"] = "Li <li@example.com>"
    msg["Subject"] = subject
    if body is not None:
        msg.set_content(body, charset="utf-8", cte=cte)
    if html is not None:
        if body is None:
            msg.set_content(html, subtype="html", charset="utf-8", cte=cte)
        else:
            msg.add_alternative(html, subtype="html", charset="utf-8", cte=cte)
    return msg.as_bytes(policy=policy.SMTP)


def _where(raw: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(occurrence + 1):
        at = raw.index(needle, at + 1)
    line = raw.count("\n", 0, at) + 1
    return line, at - (raw.rfind("\n", 0, at) + 1) + 1


BODY = (
    "李经理您好：\n\n领导英明，谢谢支持。\n\n"
    "On Mon, Dec 2, 2024 at 10:00 AM Li <li@example.com> wrote:\n"
    "> 领导英明\n"
)


EIGHT_BIT = (
    "From: Zhao <zhao@example.com>\r\n"
    "To: Li <li@example.com>\r\n"
    "Subject: 领导英明\r\n"  # an unencoded UTF-8 subject (RFC 6532): line 3, column 12
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "李经理您好：\r\n"
    "\r\n"
    "领导英明，谢谢支持。\r\n"  # line 10, column 3
    "\r\n"
    "> 领导英明（引用）\r\n"
    "\r\n"
    "-- \r\n"
    "赵六 英明\r\n"
)


def test_eml_8bit_body_and_subject_skip_quotes_and_signature(check, tmp_path):
    path = tmp_path / "mail.eml"
    path.write_bytes(EIGHT_BIT.encode("utf-8"))
    assert places(check("--format", "json", path)) == {(3, 12, "英明"), (10, 3, "英明")}


def test_eml_reply_thread_below_on_wrote_is_skipped(check, tmp_path):
    raw = _email(BODY)
    path = tmp_path / "reply.eml"
    path.write_bytes(raw)
    text = raw.decode("utf-8")
    assert places(check("--format", "json", path)) == {(*_where(text, "英明"), "英明")}


@pytest.mark.parametrize(
    "separator",
    ["-----原始邮件-----\n发件人: 李 <li@example.com>\n发送时间: 2024年12月2日\n",
     "From: Li <li@example.com>\nSent: Monday, December 2, 2024\n"],
    ids=["zh-outlook", "en-outlook"],
)  # fmt: skip
def test_eml_forwarded_blocks_are_skipped(check, tmp_path, separator):
    raw = _email("请看下面。\n\n" + separator + "主题: 周报\n\n领导英明\n")
    path = tmp_path / "fwd.eml"
    path.write_bytes(raw)
    assert findings(check("--format", "json", path)) == []


def test_eml_quoted_printable_finding_points_at_the_encoded_bytes(check, tmp_path):
    raw = _email("你好\n\n领导英明。\n", cte="quoted-printable")
    text = raw.decode("ascii")
    encoded = "=E8=8B=B1=E6=98=8E"  # 英明 in UTF-8, quoted-printable
    assert encoded in text
    path = tmp_path / "qp.eml"
    path.write_bytes(raw)
    assert places(check("--format", "json", path)) == {(*_where(text, encoded), encoded)}


def test_eml_base64_finding_points_at_its_base64_group(check, tmp_path):
    raw = _email("You are a genius.\n", cte="base64")
    text = raw.decode("ascii")
    path = tmp_path / "b64.eml"
    path.write_bytes(raw)
    [(line, col, excerpt, _)] = findings(check("--format", "json", path))
    import base64

    body_line = text.splitlines()[line - 1]
    # "genius" is bytes 10-15 of the body: base64 groups 3-5 (characters 12-23) of the line.
    assert col == 13
    assert excerpt == body_line[12:24]
    assert b"genius" in base64.b64decode(body_line)


def test_eml_html_part_is_read_when_there_is_no_plain_one(check, tmp_path):
    raw = _email(None, html="<p>Hello</p>\n<p>You are a <b>genius</b>.</p>\n")
    path = tmp_path / "html.eml"
    path.write_bytes(raw)
    text = raw.decode("utf-8")
    assert places(check("--format", "json", path)) == {(*_where(text, "genius"), "genius")}


def test_eml_plain_part_wins_over_html(check, tmp_path):
    raw = _email("No praise here.\n", html="<p>You are a genius.</p>")
    path = tmp_path / "alt.eml"
    path.write_bytes(raw)
    assert findings(check("--format", "json", path)) == []


def test_eml_encoded_subject_points_at_its_encoded_word(check, tmp_path):
    raw = _email("正文。\n", subject="领导英明")
    text = raw.decode("utf-8")
    assert "=?utf-8?" in text.lower()
    path = tmp_path / "subj.eml"
    path.write_bytes(raw)
    [(line, col, excerpt, _)] = findings(check("--format", "json", path))
    assert text.splitlines()[line - 1].startswith("Subject: ")
    assert col == len("Subject: ") + 1
    assert excerpt.startswith("=?utf-8?") and excerpt.endswith("?=")


# --- the org map: Cc over the contact's head ---------------------------------------------------

ORG = """\
select: [bypass]
org:
  li.si@corp.example: {name: 李四, department: 数据平台部, manager: wang.wu@corp.example}
  wang.wu@corp.example: {name: 王五, department: 数据平台部}
  zhao@corp.example: {name: 赵六, department: 市场部}
  xu@corp.example: {name: 徐八, department: 数据平台部}
"""

REQUEST = (
    "From: {sender}\r\n"
    "To: 李四 <li.si@corp.example>\r\n"
    "Cc: {cc}\r\n"
    "Subject: =?UTF-8?B?5pWw5o2u5o6l5Y+j?=\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "李四你好，麻烦这周内帮我们开通数据接口。\r\n"
)


def _request(tmp_path, sender="赵六 <zhao@corp.example>", cc="王五 <wang.wu@corp.example>"):
    project = tmp_path / "project"
    (project / "mail").mkdir(parents=True, exist_ok=True)
    (project / "msglint.yaml").write_text(ORG, encoding="utf-8")
    path = project / "mail" / "request.eml"
    path.write_bytes(REQUEST.format(sender=sender, cc=cc).encode("utf-8"))
    return path


def test_cc_of_the_contacts_manager_is_a_bypass_on_the_cc_line(cli, tmp_path):
    path = _request(tmp_path)
    run = cli("check", "--format", "json", path)
    assert findings(run) == [(3, 1, "Cc: 王五 <wang.wu@corp.example>", "zh.bypass.cc-manager")]


def test_cc_of_someone_else_or_from_the_same_department_is_fine(cli, tmp_path):
    assert (
        findings(cli("check", "--format", "json", _request(tmp_path, cc="xu@corp.example"))) == []
    )
    same_dept = _request(tmp_path, sender="徐八 <xu@corp.example>")
    assert findings(cli("check", "--format", "json", same_dept)) == []


def test_without_an_org_map_there_is_no_cc_finding(cli, tmp_path):
    path = _request(tmp_path)
    run = cli("check", "--format", "json", "--no-config", "--select", "bypass", path)
    assert findings(run) == []
