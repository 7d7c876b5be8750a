"""One read-modify-write under the lock (`catalogs.rewrite_catalog`), used by every writer."""

from __future__ import annotations

import ast
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline import catalogs
from i18n_pipeline.catalogs.locking import lock_path
from i18n_pipeline.catalogs.templates import read_template, update_catalog
from i18n_pipeline.cli import main
from i18n_pipeline.errors import InputError
from i18n_pipeline.locales import parse_locale
from i18n_pipeline.qa.review import prompt_edit, review_catalog
from tests.helpers import verify_catalog

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "i18n_pipeline"
PLANTED = ROOT / "tests" / "data" / "qa" / "planted" / "az" / "LC_MESSAGES" / "news.po"
STANDS = "The fair has 250 stands."
MAP = 'See the <a href="https://kitab.az/map">map</a> of the fair.'


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "locales" / "az" / "LC_MESSAGES" / "news.po"
    target.parent.mkdir(parents=True)
    shutil.copy(PLANTED, target)
    return target


def _unit(path: Path, msgid: str) -> catalogs.Unit:
    return next(u for u in catalogs.read_catalog(path).units if str(u.source) == msgid)


def test_no_module_but_editing_takes_the_catalog_lock_itself() -> None:
    """The helper is the only read-modify-write: nobody else opens the lock by hand."""
    takers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "catalog_lock":
                    takers.append(path.relative_to(PACKAGE).as_posix())
    assert takers == ["catalogs/editing.py"]


def test_a_change_is_written_atomically_and_a_no_op_is_not_written(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    inode = path.stat().st_ino

    result = catalogs.rewrite_catalog(path, lambda found: found.store())
    assert result == catalogs.Rewritten(PLANTED.read_bytes(), False)
    assert path.stat().st_ino == inode  # not even rewritten in place

    def accept(found: catalogs.Found) -> catalogs.Store:
        store = found.store()
        catalogs.mark_reviewed(next(u for u in store.units if str(u.source) == MAP))
        return store

    result = catalogs.rewrite_catalog(path, accept, touch=True)
    assert result.written and result.data == path.read_bytes()
    assert path.stat().st_ino != inode  # a new file renamed over the old one
    assert not _unit(path, MAP).isfuzzy()
    assert "X-Generator: i18n-pipeline" in path.read_text("utf-8")  # touched, being changed
    assert not lock_path(path).exists()
    verify_catalog(path)


def test_edit_sees_the_file_as_it_is_under_the_lock(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    read_earlier = path.read_bytes()
    store = catalogs.read_catalog(path)
    unit = store.addsourceunit("Close")
    unit.target = "Bağla"
    catalogs.write_catalog(store, path)  # another program, after we read

    seen: list[bool] = []

    def edit(found: catalogs.Found) -> None:
        seen.append(found.changed_since(read_earlier))
        assert found.data == path.read_bytes()

    assert not catalogs.rewrite_catalog(path, edit).written
    assert seen == [True]


def test_a_failing_edit_writes_nothing_and_frees_the_lock(tmp_path: Path) -> None:
    path = _copy(tmp_path)

    def broken(found: catalogs.Found) -> catalogs.Store:
        store = found.store()
        store.units[1].target = "half done"
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        catalogs.rewrite_catalog(path, broken)
    assert path.read_bytes() == PLANTED.read_bytes()
    assert not lock_path(path).exists()
    assert not list(path.parent.glob("*.tmp"))


def test_a_missing_catalog_is_an_error_unless_the_edit_allows_it(tmp_path: Path) -> None:
    path = tmp_path / "locales" / "az" / "LC_MESSAGES" / "new.po"
    with pytest.raises(InputError, match="No such file"):
        catalogs.rewrite_catalog(path, lambda found: found.store())
    assert not path.exists()
    info = parse_locale("az")
    result = catalogs.rewrite_catalog(
        path, lambda found: catalogs.new_catalog(info, "new"), touch=info
    )
    assert result.written and path.exists()
    assert "Language: az" in path.read_text("utf-8")


def test_update_with_nothing_new_leaves_the_catalog_untouched(tmp_path: Path) -> None:
    """msgmerge rewrites the file; `update` with a template that brings nothing leaves it."""
    path = _copy(tmp_path)
    first = update_catalog(path, read_template(path))  # the catalog as its own template
    after_first = path.read_bytes()
    inode = path.stat().st_ino
    second = update_catalog(path, read_template(path))
    assert second.added == second.fuzzy == second.obsoleted == 0
    assert first.kept == second.kept
    assert path.read_bytes() == after_first and path.stat().st_ino == inode


def test_review_notices_a_write_that_kept_size_and_mtime(tmp_path: Path) -> None:
    """A same-size change with its mtime put back (a copy with `cp -p`, two writes in one
    clock tick) fooled the old (mtime, size) stamp, and the review overwrote it."""
    path = _copy(tmp_path)
    keys = iter(["a", "q"])

    def read_key() -> str:
        stat = path.stat()
        text = path.read_text("utf-8")
        changed = text.replace('msgstr "Sərgidə 260 stend var."', 'msgstr "Sərgidə 250 stend var."')
        assert changed != text and len(changed.encode()) == len(text.encode())
        path.write_text(changed, "utf-8")
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        return next(keys)

    review_catalog(path, read_key, prompt_edit(lambda _: None), lambda _: None, fuzzy=True)
    assert not _unit(path, MAP).isfuzzy()  # the review's decision
    assert str(_unit(path, STANDS).target) == "Sərgidə 250 stend var."  # and the other's change
    verify_catalog(path)


def test_import_that_changes_nothing_writes_nothing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    tmx = tmp_path / "memory.tmx"
    result = CliRunner().invoke(main, ["export", str(path), "-o", str(tmx), "--format", "tmx"])
    assert result.exit_code == 0, result.output
    inode = path.stat().st_ino
    result = CliRunner().invoke(main, ["import", str(tmx), "--into", str(path)])
    assert result.exit_code == 0, result.output
    assert path.stat().st_ino == inode
    assert path.read_bytes() == PLANTED.read_bytes()


def test_a_caller_that_compared_already_is_not_serialized_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """translate compares before it takes the lock; under it, only a file that changed since
    is compared again, so a large catalog is serialized once per save, not twice."""
    from i18n_pipeline.catalogs import editing

    path = _copy(tmp_path)
    seen = path.read_bytes()
    calls = []
    real = editing.serialize_catalog
    monkeypatch.setattr(editing, "serialize_catalog", lambda s: calls.append(1) or real(s))

    def accept(found: catalogs.Found) -> catalogs.Store:
        store = found.store()
        catalogs.mark_reviewed(_live(store, MAP))  # fuzzy in the file: a real change
        return store

    assert catalogs.rewrite_catalog(path, accept, differs_from=seen).written
    assert len(calls) == 1  # the write only
    calls.clear()
    assert catalogs.rewrite_catalog(path, accept, differs_from=seen).written is False
    assert len(calls) == 1  # the file is not `seen` any more: compared, and found the same


def _live(store: catalogs.Store, msgid: str) -> catalogs.Unit:
    return next(u for u in catalogs.live_units(store) if str(u.source) == msgid)
