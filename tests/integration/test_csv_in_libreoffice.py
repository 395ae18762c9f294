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


def cells_as_calc_shows_them(csv_file: Path, tmp_path: Path) -> list[list[str]]:
    """Open the file in Calc as a person would (the character set left for Calc to detect,
    comma-separated) and read back the cells as it shows them."""
    profile = (tmp_path / "profile").as_uri()  # a profile of its own: runs never share one
    subprocess.run(
        [
            SOFFICE or "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--infilter=CSV:44,34,0,1",  # comma, double quote, character set: detect
            "--convert-to",
            "html",
            "--outdir",
            str(tmp_path),
            str(csv_file),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    page = (tmp_path / f"{csv_file.stem}.html").read_text(encoding="utf-8")
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td.*?</td>", row, re.S)
        ]
        for row in re.findall(r"<tr.*?</tr>", page, re.S)
    ]


@pytest.mark.needs_program(
    SOFFICE, "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
)
def test_calc_shows_every_title_as_text_in_the_right_letters(tmp_path):
    ann, ben = Log("ann"), Log("ben")
    ann.join(0, "=Ann")
    ben.join(day(0, 1), "Zoë Ökafor")
    for n, title in enumerate(TITLES):
        ben.create(day(1, n), f"e{n}", title)
    csv_file = tmp_path / "board.csv"
    csv_file.write_text(
        csv_text(fold(ann.events + ben.events, founder="ann"), day(30)),
        encoding="utf-8",
        newline="",
    )
    header, *rows = cells_as_calc_shows_them(csv_file, tmp_path)
    assert header == list(CSV_COLUMNS)
    title, owner = CSV_COLUMNS.index("title"), CSV_COLUMNS.index("owner name")
    shown = [row[title] for row in rows]
    # A formula-like title keeps the apostrophe that makes it text: Calc neither runs it
    # (=1+1 would show 2) nor drops the text; everything else is shown as written.
    assert shown == ["'" + t if t[0] in "=+-@" else t for t in TITLES]
    assert {row[owner] for row in rows} == {"Zoë Ökafor"}
