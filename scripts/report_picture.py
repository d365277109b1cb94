"""Draw the README's picture of the clinician report: the demo journal (as "Try the demo" makes
it, ending on the given day), its last 90 days, with a name, two questions and a ticked note.

    .venv/bin/python scripts/report_picture.py [YYYY-MM-DD]   # -> docs/screenshots/report.png

The PDF is made by the app's own code and drawn by poppler's pdftoppm, as a viewer shows it.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lumbarlog.domain import catalog  # noqa: E402
from lumbarlog.journal import demo  # noqa: E402
from lumbarlog.journal.repository import CsvJournal  # noqa: E402
from lumbarlog.report import content, pdf  # noqa: E402
from lumbarlog.ui.session import DEMO_DAYS  # noqa: E402

OUT = REPO / "docs" / "screenshots" / "report.png"


def main() -> None:
    end = dt.date.fromisoformat(sys.argv[1]) if len(sys.argv) > 1 else dt.date.today()
    with tempfile.TemporaryDirectory() as tmp:
        journal = CsvJournal(Path(tmp))
        demo.write_demo(journal, days=DEMO_DAYS, end=end)
        entries = journal.entries().frame
        noted = content.notes_to_choose(entries, end - dt.timedelta(days=89), end)
        flare = next((n.day for n in noted if "Flare" in n.text), noted[0].day)
        request = content.Request(
            end - dt.timedelta(days=89),
            end,
            name="Sam Example (demo)",
            questions="Is it safe to start running again?\nWould physiotherapy help with flares?",
            ticked=(flare,),
        )
        names = catalog.load()
        report = content.compose(
            entries,
            journal.sessions().frame,
            journal.measures().frame,
            journal.plan(),
            request,
            end,
            exercise_names=names.exercise_names(),
            routine_names={r: names.routine_name(r) for r in names.routines},
        )
        path = Path(tmp) / "report.pdf"
        path.write_bytes(pdf.render(report).pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "110", "-singlefile", str(path), str(OUT.with_suffix(""))],
            check=True,
        )
    print(OUT)


if __name__ == "__main__":
    main()
