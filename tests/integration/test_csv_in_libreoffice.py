"""The CSV export opened by a real spreadsheet: LibreOffice Calc (headless) reads it with
the character set it detects, and shows every title as text, never running a formula.
Skipped where LibreOffice is not installed (`apt-get install libreoffice-calc-nogui`)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from unit.factories import Log, day

from teamboard.domain.fold import fold
from teamboard.exchange.export import CSV_COLUMNS, csv_text

SOFFICE = shutil.which("soffice")

TITLES = [
    "=1+1",
    "+2+3",
    "-5+2",
    "@SUM(1;2)",
    '=HYPERLINK("http://example.com";"click")',
    'Say "no", kindly; then, 日本語 ✨',
    "1 = 1",
]


def cells_as_calc_shows_them(
    csv_file: Path, tmp_path: Path, separator: str = ","
) -> list[list[str]]:
    """Open the file in Calc as a person would (the character set left for Calc to detect,
    split by `separator`) and read back the cells as it shows them."""
    out = tmp_path / f"split-by-{ord(separator)}"
    profile = (out / "profile").as_uri()  # a profile of its own: runs never share one
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            f"--infilter=CSV:{ord(separator)},34,0,1",  # double quote; character set: detect
            "--convert-to",
            "html",
            "--outdir",
            str(out),
            str(csv_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    page = (out / f"{csv_file.stem}.html").read_text(encoding="utf-8")
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\n", cell))).strip()
            for cell in re.findall(r"<td.*?</td>", row, re.S)
        ]
        for row in re.findall(r"<tr.*?</tr>", page, re.S)
    ]


def exported(tmp_path: Path, owner: str, titles: list[str]) -> Path:
    """The CSV export of a board where `owner` (joined after '=Ann') made these titles."""
    ann, ben = Log("ann"), Log("ben")
    ann.join(0, "=Ann")
    ben.join(day(0, 1), owner)
    for n, title in enumerate(titles):
        ben.create(day(1, n), f"e{n}", title)
    csv_file = tmp_path / "board.csv"
    csv_file.write_text(
        csv_text(fold(ann.events + ben.events, founder="ann"), day(30)),
        encoding="utf-8",
        newline="",
    )
    return csv_file


@pytest.mark.needs_program(
    SOFFICE, "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
)
def test_calc_shows_every_title_as_text_in_the_right_letters(tmp_path):
    csv_file = exported(tmp_path, "Zoë Ökafor", TITLES)
    header, *rows = cells_as_calc_shows_them(csv_file, tmp_path)
    assert header == list(CSV_COLUMNS)
    title, owner = CSV_COLUMNS.index("title"), CSV_COLUMNS.index("owner name")
    shown = [row[title] for row in rows]
    # A formula-like title keeps the apostrophe that makes it text: Calc neither runs it
    # (=1+1 would show 2) nor drops the text; everything else is shown as written.
    assert shown == ["'" + t if t[0] in "=+-@" else t for t in TITLES]
    assert {row[owner] for row in rows} == {"Zoë Ökafor"}


# Formulas after a separator inside a cell: a spreadsheet that splits the line by another
# separator (';' where lists use it, as in most of Europe) would start a cell there.
SEPARATED = ["Plan;=40+2;done", "a,=40+2", "tab\t+40+2", 'say "@SUM(40;2)"', "x\n-40+2"]


@pytest.mark.needs_program(
    SOFFICE, "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
)
def test_calc_runs_nothing_however_it_splits_the_line(tmp_path):
    csv_file = exported(tmp_path, "Zoë;=40+2", SEPARATED)
    by_comma = cells_as_calc_shows_them(csv_file, tmp_path, ",")
    title = CSV_COLUMNS.index("title")
    assert [row[title] for row in by_comma[1:]] == [
        "Plan;'=40+2;done",
        "a,'=40+2",
        "tab\t'+40+2",
        'say "\'@SUM(40;2)"',
        "x\n'-40+2",
    ]
    by_semicolon = cells_as_calc_shows_them(csv_file, tmp_path, ";")
    cells = [cell for row in by_semicolon for cell in row]
    assert "'=40+2" in cells  # a cell of its own, as text
    # Nothing was run: no cell shows a result, none a formula without its apostrophe.
    assert not {"42", "38", "-38"} & set(cells), cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))], cells
