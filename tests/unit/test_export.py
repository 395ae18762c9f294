"""The exports: CSV a spreadsheet opens safely, Markdown that shows people's words as they
wrote them, JSON of the folded board, and what a scope (window, member) keeps."""

from __future__ import annotations

import csv
import io
import json

from teamboard.domain.fold import fold
from teamboard.domain.state import Refused
from teamboard.domain.text import md_text
from teamboard.exchange.export import (
    CSV_COLUMNS,
    Scope,
    csv_cell,
    csv_text,
    json_text,
    markdown,
    scoped,
    state_json,
)

from .factories import Log, day

NOW = day(30)


def board(*titles: str, **ann_names: str):
    ann, ben = Log("ann"), Log("ben")
    ann.join(0, ann_names.get("name", "Ann Archer"))
    ben.join(day(0, 1), "Ben Ökafor")
    for n, title in enumerate(titles):
        ben.create(day(1, n), f"e{n}", title)
    return ann, ben


def rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_stay_text():
    hostile = [
        '=HYPERLINK("http://evil","click")',
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "=1+1 and more",
    ]
    for text in [*hostile, "\tTAB"]:
        assert rows("\ufeff" + csv_cell(text)) == [["'" + text]]
    assert csv_cell("+1+1") == "'+1+1"
    for safe in ("Plain", "1 = 1", "Zoë", "", "a-b"):
        assert csv_cell(safe) == safe
    ann, ben = board("=cmd|' /C calc'!A0", "@me")
    text = csv_text(fold(ann.events + ben.events, founder="ann"), NOW)
    titles = [row[CSV_COLUMNS.index("title")] for row in rows(text)[1:]]
    assert titles == ["'=cmd|' /C calc'!A0", "'@me"]


def test_csv_quotes_every_separator_and_neutralises_a_formula_after_one():
    """Opened where lists use ';' (most of Europe), or split by a tab, a cell of this
    file may be cut where it holds one: each such cell is quoted, and a formula after
    any separator gets its apostrophe as at a cell's start."""
    assert csv_cell("Plan;=1+1;done") == '"Plan;\'=1+1;done"'
    assert csv_cell("a,+1") == '"a,\'+1"'
    assert csv_cell("x\t@SUM(1;2)") == '"x\t\'@SUM(1;2)"'
    assert csv_cell('say "-1+1"') == '"say ""\'-1+1"""'
    assert csv_cell("one\n=two\r\n+three") == "\"one\n'=two\r\n'+three\""
    assert csv_cell(";\t=x") == "\";'\t'=x\""  # a tab after a separator is one too
    for plain in ("a;b", "a, b", "2026-11-27", "a - b", "x; = y"):
        assert csv_cell(plain) == (f'"{plain}"' if ";" in plain or "," in plain else plain)
    ann, ben = board("Plan;=1+1;done", name="Ann;@me")
    text = csv_text(fold(ann.events + ben.events, founder="ann"), NOW)
    assert ',"Plan;\'=1+1;done",' in text
    (row,) = rows(text)[1:]
    assert row[CSV_COLUMNS.index("title")] == "Plan;'=1+1;done"


def test_csv_is_utf8_with_a_byte_order_mark_crlf_lines_and_quoting_that_reads_back():
    ann, ben = board('Say "no", kindly; then\u00a0wait', "Zoë's 日本語 ✨")
    state = fold(ann.events + ben.events, founder="ann")
    text = csv_text(state, NOW)
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with it
    assert data.count(b"\r\n") == 3 and data.count(b"\n") == 3  # header + 2 rows
    table = rows(text)
    assert table[0] == list(CSV_COLUMNS)
    assert [row[CSV_COLUMNS.index("title")] for row in table[1:]] == [
        'Say "no", kindly; then\u00a0wait',
        "Zoë's 日本語 ✨",
    ]
    assert '"Say ""no"", kindly; then\u00a0wait"' in text
    assert {row[CSV_COLUMNS.index("owner name")] for row in table[1:]} == {"Ben Ökafor"}
    assert all(len(row) == len(CSV_COLUMNS) for row in table)


def test_csv_counts_each_experiments_signals():
    ann, ben = board("Listen first")
    ann.set_role(day(0, 2), "ben", "employee")
    ann.support(day(1, 5), "e0", "ann")
    ben.rate(day(1, 6), "e0", 2)
    ben.move(2, "e0", "practice")
    ben.practice(3, "e0")
    ben.practice(4, "e0")
    ben.rate(5, "e0", 4)
    ann.praise(6, "ben", "e0")
    ann.check_in(15, "e0", "soon-after")
    (row,) = rows(csv_text(fold(ann.events + ben.events, founder="ann"), NOW))[1:]
    got = dict(zip(CSV_COLUMNS, row, strict=True))
    assert got["stage"] == "practice"
    assert got["days in stage"] == "28"
    assert got["practice"] == "2"
    assert got["check-ins"] == "1"
    assert got["supporters"] == "1"
    assert got["praise"] == "1"
    assert (got["confidence first"], got["confidence last"]) == ("2", "4")
    assert got["plan complete"] == "no"
    assert got["needs attention"] == "stalled · no application"  # the board's words
    assert got["withdrawn"] == ""


def test_markdown_shows_peoples_words_literally_never_as_markup():
    hostile = "# Not a heading *bold* _it_ [link](http://x) <script>x</script> `code` &amp;"
    ann, ben = board(hostile, name="Ann [admin] **boss**")
    ben.practice(2, "e0", "- not a list\n## nor a heading\n1. nor numbered")
    text = markdown(fold(ann.events + ben.events, founder="ann"), "Team <b>", NOW)
    assert "<script>" not in text and "<b>" not in text and "[link](" not in text
    assert "### \\# Not a heading \\*bold\\* \\_it\\_ \\[link\\](http\\://x) \\<script\\>" in text
    assert "\\`code\\` &amp;amp;" in text
    assert "## Ann \\[admin\\] \\*\\*boss\\*\\* (manager)" in text
    assert "- 2024-03-06: \\- not a list  \n  \\## nor a heading  \n  1\\. nor numbered" in text
    assert text.startswith("# Team \\<b\\>\n")


def test_md_text_keeps_plain_words_plain():
    assert md_text("Zoë's plan: 3 steps, 50% done (e-mail me)") == (
        "Zoë's plan: 3 steps, 50% done (e-mail me)"
    )


def test_markdown_has_a_section_per_person_with_their_experiments_and_entries():
    ann, ben = board("Listen first")
    ann.support(day(1, 5), "e0", "ann")
    ben.move(2, "e0", "practice")
    ben.practice(3, "e0", "asked first")
    ben.move(4, "e0", "reflection")
    ben.reflect_fully(5, "e0")
    ann.check_in(6, "e0", "soon-after", "on track")
    ann.note(7, "e0", "keep going")
    ann.praise(8, "ben", "e0", "brave")
    text = markdown(fold(ann.events + ben.events, founder="ann"), "Team", NOW)
    assert text.index("## Ann Archer (manager)") < text.index("## Ben Ökafor (employee)")
    ann_part, ben_part = text.split("## Ben Ökafor (employee)")
    assert "No experiments here." in ann_part
    for expected in (
        "### Listen first",
        "- Stage: Reflection for 26 days (Goal 2024-03-05 → Practice 2024-03-06 → "
        "Reflection 2024-03-08)",
        "- Supporters: Ann Archer (since 2024-03-05)",
        "- Why me: —",
        "- Where I will apply it: not named yet",
        "- 2024-03-07: asked first",
        "  - What was the effect? people talked more",
        "- 2024-03-10, soon-after with Ann Archer (What did you learn, and how will you "
        "apply it?): on track",
        "- 2024-03-11, Ann Archer: keep going",
        "- 2024-03-12, Ann Archer praised the effort: brave",
    ):
        assert expected in ben_part, expected


def test_json_is_the_folded_board_in_plain_values():
    ann, ben = board("Listen first")
    ann.support(day(1, 5), "e0", "ann")
    state = fold(ann.events + ben.events, founder="ann")
    data = json.loads(json_text(state, "Team"))
    assert data["board"] == "Team" and data["founder"] == "ann"
    assert [m["id"] for m in data["members"]] == ["ann", "ben"]
    (experiment,) = data["experiments"]
    assert experiment["title"] == "Listen first"
    assert experiment["stage"] == "goal"
    assert experiment["created_at"] == "2024-03-05T09:00:00+00:00"
    assert experiment["supporters"]["ann"]["added_by"] == "ann"
    assert experiment["plan"] == {
        "why_me": "",
        "must_deliver": "",
        "team_goals": "",
        "personal_benefit": "",
    }
    assert {"board", "founder", "members", "experiments", "praise", "corrections"} <= set(data)
    assert not {"event_ids", "last_key", "rejected"} & set(data)  # the fold's bookkeeping


def test_a_window_keeps_the_experiments_and_entries_of_those_days():
    ann, ben = board("Old", "New")
    ben.move(2, "e0", "practice")
    ben.practice(3, "e0", "early")
    ben.practice(20, "e0", "late")
    ann.praise(21, "ben", "e0", "late praise")
    state = fold(ann.events + ben.events, founder="ann")
    late = scoped(state, Scope(since=day(10).date()))
    assert list(late.experiments) == ["e0"]  # "New" had nothing after day 10
    assert [p.what for p in late.experiments["e0"].practice] == ["late"]
    assert [p.message for p in late.praise] == ["late praise"]
    early = scoped(state, Scope(until=day(1).date()))
    assert list(early.experiments) == ["e0", "e1"]
    assert early.experiments["e0"].practice == []
    assert scoped(state, Scope(member="ann")).experiments == {}
    assert scoped(state, Scope()) is state
    assert state_json(state, Scope(member="ben"))["experiments"] == state_json(state)["experiments"]


def test_a_scope_that_cannot_be_met_is_refused():
    ann, ben = board("Old")
    state = fold(ann.events + ben.events, founder="ann")
    for scope, words in (
        (Scope(since=day(5).date(), until=day(1).date()), "is before --since"),
        (Scope(member="zed"), "no member 'zed'"),
    ):
        try:
            scope.check(state)
        except Refused as refusal:
            assert words in str(refusal)
        else:
            raise AssertionError(f"{scope} was not refused")
