"""Where a `translate` run's wall time goes around the model: a timeline of one run.

    python benchmarks/timeline.py translate ARTICLES... --to az --model M [options]

Runs the CLI in this process with timestamps on the library's steps (imports, reading and
syncing the articles, building the engine, laying the model out, the first and last model
call, every catalog save) and prints them, so anyone can see whether the model waits for the
pipeline. The steps are wrapped, not changed; the run writes its catalogs as usual.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

STARTED = time.monotonic()


def main() -> None:
    from i18n_pipeline.cli import main as cli
    from i18n_pipeline.pipeline import fill, run, saving

    marks: dict[str, float] = {"imports": time.monotonic() - STARTED}
    totals: dict[str, float] = {"saving": 0.0, "saves": 0}

    def timed(owner: Any, name: str, before: str | None, after: str | None) -> None:
        original: Callable[..., Any] = getattr(owner, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if before and before not in marks:
                marks[before] = time.monotonic() - STARTED
            try:
                return original(*args, **kwargs)
            finally:
                if after:
                    marks[after] = time.monotonic() - STARTED

        setattr(owner, name, wrapper)

    timed(run, "_collect_documents", "reading starts", "reading and syncing done")
    timed(fill, "_engine_for", "engine load starts", "engine ready")
    original_call = fill._EngineCall.__init__

    def call(self: Any, *args: Any, **kwargs: Any) -> None:
        marks.setdefault("first model call", time.monotonic() - STARTED)
        original_call(self, *args, **kwargs)

    fill._EngineCall.__init__ = call  # type: ignore[method-assign]
    original_result = fill._EngineCall.result

    def result(self: Any) -> Any:
        out = original_result(self)
        marks["last model result"] = time.monotonic() - STARTED
        return out

    fill._EngineCall.result = result  # type: ignore[method-assign]
    original_save = saving.save_catalog

    def save(*args: Any, **kwargs: Any) -> Any:
        began = time.monotonic()
        try:
            return original_save(*args, **kwargs)
        finally:
            totals["saving"] += time.monotonic() - began
            totals["saves"] += 1

    saving.save_catalog = save  # checkpoint and run call it as saving.save_catalog
    try:
        cli(sys.argv[1:], standalone_mode=False)
    finally:
        marks["end"] = time.monotonic() - STARTED
        rows = sorted(marks.items(), key=lambda item: item[1])
        for label, at in rows:
            print(f"{at:8.2f} s  {label}", file=sys.stderr)
        decode = marks.get("last model result", 0.0) - marks.get("first model call", 0.0)
        before = marks.get("first model call", marks["end"])
        print(
            f"before the first model call: {before:.2f} s of {marks['end']:.2f} s "
            f"({100 * before / marks['end']:.1f}%); model calls span {decode:.2f} s; "
            f"{int(totals['saves'])} saves took {totals['saving']:.2f} s on the main thread "
            "(while the next step decodes)",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
