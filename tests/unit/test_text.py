"""The one text module: counts in words, one-line text, control codes, and people's words in
Markdown (read back by a real Markdown parser: what they wrote, never markup)."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teamboard.domain.text import (
    NO_CONTROL,
    ONE_LINE,
    is_one_line,
    md_text,
    one_line,
    plural,
    without_control,
)

markdown_it = pytest.importorskip("markdown_it")  # it comes with rich

# A shared machine may take its time over an example: no deadline, and the same examples
# on every run.
SETTINGS = settings(deadline=None, derandomize=True, database=None)

# --- counts in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "words", "expected"),
    [
        (0, ("day",), "0 days"),
        (1, ("day",), "1 day"),
        (2, ("day",), "2 days"),
        (1, ("person", "people"), "1 person"),
        (3, ("person", "people"), "3 people"),
        (1, ("experiment has", "experiments have"), "1 experiment has"),
        (2, ("experiment has", "experiments have"), "2 experiments have"),
        (2, ("call for help", "calls for help"), "2 calls for help"),
    ],
)
def test_plural(n: int, words: tuple[str, ...], expected: str) -> None:
    assert plural(n, *words) == expected


def test_plural_grouped_writes_thousands_separators() -> None:
    assert plural(1200, "experiment", grouped=True) == "1,200 experiments"
    assert plural(1, "experiment", grouped=True) == "1 experiment"
    assert plural(1200, "experiment") == "1200 experiments"


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9), st.from_regex(r"[a-z]{1,12}", fullmatch=True))
def test_plural_adds_an_s_but_for_one(n: int, word: str) -> None:
    assert plural(n, word) == (f"1 {word}" if n == 1 else f"{n} {word}s")


# --- one line, control codes --------------------------------------------------------------


def test_one_line_drops_control_codes_and_joins_lines() -> None:
    assert one_line("  first\nsecond\t third \x1b[1m\u202e ") == "first second third [1m"
    assert one_line("") == ""


def test_one_line_of_text_from_outside_marks_where_a_control_code_was() -> None:
    assert one_line(without_control("bad\x1b[2J\nname")) == "bad\ufffd[2J name"


@SETTINGS
@given(st.text())
def test_one_line_is_one_line_and_keeps_the_words(text: str) -> None:
    line = one_line(text)
    assert is_one_line(line)
    assert re.fullmatch(ONE_LINE, line)
    assert line == line.strip()
    assert "  " not in line
    assert one_line(line) == line
    if re.fullmatch(NO_CONTROL, text):
        assert line.split() == text.split()


@SETTINGS
@given(st.text())
def test_without_control_leaves_nothing_a_terminal_would_run(text: str) -> None:
    safe = without_control(text)
    assert re.fullmatch(NO_CONTROL, safe)
    assert len(safe) == len(text)
    if re.fullmatch(NO_CONTROL, text):
        assert safe == text


# --- Markdown -------------------------------------------------------------------------------

# Markdown's own characters, often, among any others a stored text may hold.
_MARKUP = [*"#>-+*=_`~[]<>|\\!&;:.()0123456789 \t", "&amp;", "&#35;", "1.", "2)", "```"]
_CHARS = st.one_of(
    st.sampled_from(_MARKUP),
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")),
)
LINES = (
    st.lists(_CHARS, max_size=30)
    .map("".join)
    .filter(lambda s: bool(re.fullmatch(NO_CONTROL, s)) and "\r" not in s and bool(s.strip()))
)


# CommonMark, with the GitHub extensions a chat or a wiki reads too.
PARSER = markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _read_back(source: str, blocks: list[str]) -> list[str]:
    """The text a Markdown reader shows for `source`, line by line, after checking that it
    is made of just these blocks around one inline run (no heading, list, code, link or
    emphasis that the source was not meant to have)."""
    tokens = PARSER.parse(source)
    assert [t.type for t in tokens if t.type != "inline"] == blocks, source
    (inline,) = [t for t in tokens if t.type == "inline"]
    lines = [""]
    for child in inline.children or []:
        if child.type == "text":
            lines[-1] += child.content
        elif child.type in ("hardbreak", "softbreak"):
            lines.append("")
        else:
            raise AssertionError(f"{child.type} in {source!r}")
    return lines


PARAGRAPH = ["paragraph_open", "paragraph_close"]
HEADING = ["heading_open", "heading_close"]
LIST = [
    "bullet_list_open",
    "list_item_open",
    "paragraph_open",
    "paragraph_close",
    "list_item_close",
    "bullet_list_close",
]


@pytest.mark.parametrize(
    "line",
    [
        "# not a heading",
        "## nor this",
        "> not a quote",
        "- not a list",
        "+ nor this",
        "* nor this",
        "1. not numbered",
        "12) nor this",
        "===",
        "---",
        "***",
        "    not code",
        "```python",
        "~~~",
        "<script>x</script>",
        "[link](http://x) ![image](y.png) <http://z>",
        "*bold* _it_ `code` ~~gone~~ a|b",
        "Learn C #",
        "C ##",
        "R&D &amp; &copy; &#35;",
        "back\\slash\\",
        "[ref]: http://x",
    ],
)
def test_markdown_reads_back_what_was_written(line: str) -> None:
    expected = [line.strip()]
    assert _read_back(md_text(line), PARAGRAPH) == expected
    assert _read_back(f"- {md_text(line)}", LIST) == expected
    assert _read_back(f"# {md_text(line)}", HEADING) == expected


def test_markdown_is_left_plain_where_nothing_needs_escaping() -> None:
    words = "Zoë's plan: 3 steps, 50% done (e-mail me) #1 in a-b 1.5 days"
    assert md_text(words) == words


def test_markdown_lines_stay_in_their_list_item() -> None:
    text = "- first\n\n## second\n1. third"
    assert md_text(text) == "\\- first  \n  \\## second  \n  1\\. third"
    assert _read_back(f"- {md_text(text)}", LIST) == ["- first", "## second", "1. third"]
    assert _read_back(md_text(text, ""), PARAGRAPH) == ["- first", "## second", "1. third"]


@SETTINGS
@given(LINES)
def test_any_line_in_markdown_reads_back_as_written(line: str) -> None:
    expected = [line.strip()]
    assert _read_back(md_text(line), PARAGRAPH) == expected
    assert _read_back(f"- {md_text(line)}", LIST) == expected
    assert _read_back(f"## {md_text(line)}", HEADING) == expected


@SETTINGS
@given(st.lists(LINES, min_size=1, max_size=5))
def test_any_lines_in_markdown_read_back_as_written(lines: list[str]) -> None:
    text = "\n".join(lines)
    expected = [line.strip() for line in lines]
    assert _read_back(md_text(text, ""), PARAGRAPH) == expected
    assert _read_back(f"- {md_text(text)}", LIST) == expected
    assert _read_back(f"  - {md_text(text, '    ')}", LIST) == expected


# --- on GitHub ------------------------------------------------------------------------------

# GitHub's own Markdown (cmark-gfm, with its autolink extension): it also makes links of
# bare URLs and of 'www.', which CommonMark leaves as text.
cmarkgfm = pytest.importorskip("cmarkgfm")


def _on_github(source: str) -> str:
    """The HTML GitHub makes of `source`, checked to hold no link."""
    page = cmarkgfm.github_flavored_markdown_to_html(source)
    assert "<a " not in page, (source, page)
    return page


@pytest.mark.parametrize(
    "line",
    [
        "see https://evil.example/login",
        "http://x.y and ftp://files.example/a.zip",
        "HTTPS://EVIL.EXAMPLE",
        "(www.evil.example) *www.evil.example* _www.evil.example_ ~www.evil.example~",
        "www.evil.example/path?q=1",
        "WWW.EVIL.EXAMPLE",
        "1) item at https://x.y",
    ],
)
def test_nothing_typed_becomes_a_link_on_github(line: str) -> None:
    for source in (md_text(line), f"- {md_text(line)}", f"# {md_text(line)}"):
        page = _on_github(source)
        shown = html.unescape(re.sub(r"<[^>]+>", "", page)).strip()
        assert shown == line, source
    assert _read_back(md_text(line), PARAGRAPH) == [line]


def test_a_numbered_line_start_is_escaped_after_its_number() -> None:
    # CommonMark shows a backslash before the number ('\1) item'): it goes before ')'.
    assert md_text("1) item\n2. two") == "1\\) item  \n  2\\. two"
    assert _read_back(md_text("1) item", ""), PARAGRAPH) == ["1) item"]


_URL_PIECES = ["http", "https", "HTTP", "ftp", "://", "www.", "WWW.", "evil.example", "/", ":"]
_URLISH = st.lists(
    st.sampled_from([*_URL_PIECES, *". (*_~wx\\<>[]"]),
    min_size=1,
    max_size=12,
).map("".join)


@SETTINGS
@given(_URLISH)
def test_no_url_typed_becomes_a_link_on_github(line: str) -> None:
    _on_github(md_text(line))
    if line.strip():
        assert _read_back(md_text(line), PARAGRAPH) == [line.strip()]


def test_an_email_address_is_the_one_thing_github_links() -> None:
    """GFM finds an e-mail address in the text as read, after escapes, so no escape keeps
    it plain (the README says so)."""
    assert '<a href="mailto:ann@example.com">' in cmarkgfm.github_flavored_markdown_to_html(
        md_text("mail ann@example.com")
    )
