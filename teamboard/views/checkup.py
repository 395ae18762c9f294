"""`teamboard check`: everything in a board folder that is not as it should be, one line each.

- files that cannot be read (damaged) and files that are not people's files (ignored);
- files that lost events this computer had seen in them, or hold them changed (lost: a log
  only grows; store.seen remembers what was seen);
- events the fold refused, each with the event that caused the refusal when one did;
- events dated ahead of this computer's clock by more than the clock tolerance;
- events out of time order within their own author's log (a log is written in order, so an
  inversion means a clock that was wrong or a hand edit; the event counts at the time of
  the author's event before it: what is appended never moves what came before);
- how many events were written before signing (one line, not a finding).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from teamboard.domain.events import CLOCK_TOLERANCE, RawEvent, stored_time
from teamboard.store.folder import BoardFolder, Loaded
from teamboard.views.feed import ago


@dataclass(frozen=True)
class Finding:
    kind: str  # damaged, lost, ignored, rejected, ahead, out of order
    text: str


@dataclass
class Checkup:
    loaded: Loaded
    findings: list[Finding] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.findings)


def _describe(path: Path, doc: RawEvent) -> str:
    return (
        f"event {doc.get('id')} ({doc.get('type')}) by {doc.get('author')} dated "
        f"{doc.get('at')} in {path}"
    )


def checkup(board: BoardFolder, now: datetime) -> Checkup:
    loaded = board.load()
    result = Checkup(loaded)
    findings = result.findings
    for problem in loaded.problems:
        findings.append(Finding(problem.word, str(problem)))
    findings.extend(Finding("lost", str(lost)) for lost in loaded.lost)
    stored: dict[str, tuple[Path, RawEvent]] = {}
    by_file: dict[Path, list[RawEvent]] = {}
    copies: dict[str, list[Path]] = {}
    for path, doc in board.raw_events():
        stored.setdefault(str(doc.get("id")), (path, doc))
        by_file.setdefault(path, []).append(doc)
        copies.setdefault(str(doc.get("id")), []).append(path)
    # Out of order first: a refusal's cause may be one of them. `involved` holds both ends
    # of each inversion: the event dated too late, and the later one dated too early.
    out_of_order: dict[str, str] = {}
    involved: set[str] = set()
    for path, docs in by_file.items():
        timed = [
            (d["seq"], d, at)
            for d in docs
            if isinstance(d.get("seq"), int) and (at := stored_time(d.get("at")))
        ]
        timed.sort(key=lambda t: t[0])
        earlier: tuple[RawEvent, datetime] | None = None
        for _, doc, at in timed:
            if earlier is not None and at < earlier[1]:
                out_of_order[str(doc.get("id"))] = (
                    f"{_describe(path, doc)} is dated before the same author's earlier event "
                    f"{earlier[0].get('id')} (dated {earlier[0].get('at')}); it counts at that "
                    "time (back-dated by hand, or a clock that ran ahead at the earlier one?)"
                )
                involved.update((str(doc.get("id")), str(earlier[0].get("id"))))
            if earlier is None or at > earlier[1]:
                earlier = (doc, at)
    for rejected in loaded.state.rejected:
        where = f"{rejected.source}: " if rejected.source else ""
        text = (
            f"{where}event {rejected.event_id} ({rejected.type}) by {rejected.author}: "
            f"{rejected.reason}"
        )
        if rejected.cause and rejected.cause != rejected.event_id and rejected.cause in stored:
            cause_path, cause = stored[rejected.cause]
            text += f"; because of {_describe(cause_path, cause)}"
            if rejected.cause in involved:
                text += " (out of time order in its author's log: a clock or a hand edit?)"
        places = copies.get(rejected.event_id, [])
        if len(places) > 1:
            # The same event stored twice (a merge resolved by hand?): where each copy is.
            files = ", ".join(dict.fromkeys(str(p) for p in places))
            text += f" (it is stored {len(places)} times, in {files})"
        findings.append(Finding("rejected", text))
    horizon = now + CLOCK_TOLERANCE
    for path, doc in stored.values():
        at = stored_time(doc.get("at"))
        if at is not None and at > horizon:
            findings.append(
                Finding(
                    "ahead",
                    f"{_describe(path, doc)} is {ago(now, at).removesuffix(' ago')} ahead of "
                    "this computer's clock (a clock set wrong?)",
                )
            )
    findings.extend(Finding("out of order", text) for text in out_of_order.values())
    return result
