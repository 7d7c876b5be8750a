"""translate_files / render_file: the merge rules seen from a whole run.

These tests use `TaggingEngine`, a test double that marks each sentence with the target locale:
it checks the plumbing (what is sent, what is written), not translation quality. Real models are
exercised in tests/test_cli.py with locally built tiny models.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from i18n_pipeline import catalogs
from i18n_pipeline.engines.base import EngineInfo
from i18n_pipeline.engines.registry import ModelSpec
from i18n_pipeline.errors import InputError, UsageError
from i18n_pipeline.pipeline import (
    TranslateOptions,
    render_file,
    translate_catalogs,
    translate_files,
)
from tests.helpers import RU_PLURAL_CATALOG, verify_catalog

ARTICLE = """\
Ferry line opens

The new ferry line links Baku and Turkmenbashi. Dr. Aliyeva said the trip takes 12.5 hours.

Tickets cost 60 manat. See <b>the timetable</b> at https://example.az/ferry for details.
"""


class TaggingEngine:
    """Marks text as 'translated' so tests can see which sentences went through an engine."""

    def __init__(self, spec: ModelSpec) -> None:
        self.info = EngineInfo("test", spec.ref, "0")
        self.cut_short: set[str] = set()
        self.scores: dict[str, float] = {}
        self.calls: list[list[str]] = []

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        self.calls.append(list(sentences))
        return [f"{target.upper()}: {s}" for s in sentences]


class Factory:
    def __init__(self) -> None:
        self.engines: list[TaggingEngine] = []

    def __call__(self, spec: ModelSpec) -> TaggingEngine:
        engine = TaggingEngine(spec)
        self.engines.append(engine)
        return engine

    @property
    def sentences(self) -> list[str]:
        return [s for e in self.engines for call in e.calls for s in call]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def run(paths: Sequence[str], factory: Factory, **options: object) -> object:
    opts = TranslateOptions(locales_dir=Path("locales"), model="tiny", **options)  # type: ignore[arg-type]
    return translate_files(paths, opts, engine_factory=factory)


def units(path: Path) -> dict[str, catalogs.Unit]:
    return {u.source: u for u in catalogs.read_catalog(path).units if not u.isheader()}


def test_first_run_writes_fuzzy_entries_in_document_order(workdir: Path) -> None:
    factory = Factory()
    summary = run(["ferry.txt"], factory)
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    assert summary.catalogs == [Path("locales/az/LC_MESSAGES/ferry.po")]
    store = catalogs.read_catalog(po)
    entries = [u for u in store.units if not u.isheader()]
    assert entries[0].source == "Ferry line opens"
    assert len(entries) == 3
    assert all(u.isfuzzy() for u in entries)
    assert entries[1].getlocations() == ["ferry.txt:3"]
    # Sentence by sentence, spacing kept, placeholders restored.
    assert entries[1].target == (
        "AZ: The new ferry line links Baku and Turkmenbashi. "
        "AZ: Dr. Aliyeva said the trip takes 12.5 hours."
    )
    assert "<b>the timetable</b>" in entries[2].target
    assert "https://example.az/ferry" in entries[2].target
    assert catalogs.own_comments(entries[2], catalogs.MT_PREFIX)[0].startswith("test tiny (0)")
    assert summary.translated == 3 and summary.reused == 0
    verify_catalog(po)


def test_masked_sentences_reach_the_engine_without_markup(workdir: Path) -> None:
    factory = Factory()
    run(["ferry.txt"], factory)
    sent = "\n".join(factory.sentences)
    assert "<b>" not in sent and "https://" not in sent


def test_rerun_loads_no_model_and_keeps_reviewed_work(workdir: Path) -> None:
    run(["ferry.txt"], Factory())
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    store = catalogs.read_catalog(po)
    title = next(u for u in store.units if u.source == "Ferry line opens")
    title.target = "Bərə xətti açılır"
    title.markfuzzy(False)
    catalogs.write_catalog(store, po)

    factory = Factory()
    summary = run(["ferry.txt"], factory)
    assert factory.engines == []  # no model loaded at all
    assert summary.reused == 3 and summary.translated == 0
    assert units(po)["Ferry line opens"].target == "Bərə xətti açılır"
    assert not units(po)["Ferry line opens"].isfuzzy()


def test_changed_paragraph_retranslated_with_previous_msgid(workdir: Path) -> None:
    run(["ferry.txt"], Factory())
    article = workdir / "ferry.txt"
    article.write_text(ARTICLE.replace("60 manat", "65 manat"), encoding="utf-8")
    factory = Factory()
    summary = run(["ferry.txt"], factory)
    assert summary.translated == 1 and summary.reused == 2 and summary.obsoleted == 1
    # Only the changed sentence goes to the engine; its neighbour's translation is reused.
    assert factory.sentences == ["Tickets cost 65 manat."]
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    new = next(u for u in units(po).values() if "65 manat" in u.source and not u.isobsolete())
    assert new.prev_source.startswith("Tickets cost 60 manat.")
    assert re.search(r'^#\| (msgid )?"Tickets cost 60 manat\.', po.read_text("utf-8"), re.M)
    verify_catalog(po)


def test_several_targets_and_shared_domain(workdir: Path) -> None:
    (workdir / "other.txt").write_text("Ferry line opens\n\nA second story.\n", "utf-8")
    factory = Factory()
    run(["ferry.txt", "other.txt"], factory, targets=("az", "tr"), domain="news")
    for locale in ("az", "tr"):
        po = workdir / f"locales/{locale}/LC_MESSAGES/news.po"
        got = units(po)
        assert got["Ferry line opens"].getlocations() == ["ferry.txt:1", "other.txt:1"]
        assert got["A second story."].target == f"{locale.upper()}: A second story."
        verify_catalog(po)
    # The shared title went to the engine once per locale.
    assert factory.sentences.count("Ferry line opens") == 2


def test_bad_input_touches_no_catalog(workdir: Path) -> None:
    run(["ferry.txt"], Factory())
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    before = po.read_bytes()
    (workdir / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match=r"broken\.txt"):
        run(["ferry.txt", "broken.txt"], Factory(), domain="ferry")
    assert po.read_bytes() == before


@pytest.mark.parametrize(
    ("option", "value"), [("targets", ("../../etc",)), ("source", "/tmp/x"), ("domain", "../x")]
)
def test_unsafe_codes_are_refused(workdir: Path, option: str, value: object) -> None:
    with pytest.raises(UsageError):
        run(["ferry.txt"], Factory(), **{option: value})
    assert not (workdir / "locales").exists()


def test_render_uses_reviewed_translations_only(workdir: Path) -> None:
    run(["ferry.txt"], Factory())
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    store = catalogs.read_catalog(po)
    title = next(u for u in store.units if u.source == "Ferry line opens")
    title.target = "Bərə xətti açılır"
    title.markfuzzy(False)
    catalogs.write_catalog(store, po)
    text = render_file("ferry.txt", "az", locales_dir=Path("locales"))
    assert text.startswith("Bərə xətti açılır\n")
    assert "The new ferry line links Baku" in text and "AZ:" not in text
    fuzzy = render_file("ferry.txt", "az", locales_dir=Path("locales"), include_fuzzy=True)
    assert "AZ: The new ferry line" in fuzzy


class StrayTokenEngine(TaggingEngine):
    """Drops the first token and invents one, as a confused model might."""

    def translate_batch(self, sentences: Sequence[str], *, source: str, target: str) -> list[str]:
        return [re.sub(r"\[1\]", "", s) + " [9]" for s in sentences]


def test_lost_and_invented_tokens_are_flagged(workdir: Path) -> None:
    summary = translate_files(
        ["ferry.txt"],
        TranslateOptions(locales_dir=Path("locales"), model="tiny"),
        engine_factory=StrayTokenEngine,
    )
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    unit = next(u for u in units(po).values() if u.source.startswith("Tickets"))
    checks = catalogs.own_comments(unit, catalogs.MT_CHECK_PREFIX)
    assert "lost <b>" in checks and "stray [9] in the output" in checks
    assert unit.isfuzzy() and summary.flagged >= 1


def test_unchanged_rerun_rewrites_nothing(workdir: Path) -> None:
    first = run(["ferry.txt"], Factory())
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    assert first.written == [Path("locales/az/LC_MESSAGES/ferry.po")]
    before = (po.read_bytes(), po.stat().st_mtime_ns)
    again = run(["ferry.txt"], Factory())
    assert again.written == [] and again.catalogs == first.catalogs
    assert (po.read_bytes(), po.stat().st_mtime_ns) == before


def test_translation_memory_from_other_catalogs(workdir: Path) -> None:
    run(["ferry.txt"], Factory())
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    store = catalogs.read_catalog(po)
    title = next(u for u in store.units if u.source == "Ferry line opens")
    title.target = "Bərə xətti açılır"
    title.markfuzzy(False)
    catalogs.write_catalog(store, po)
    (workdir / "digest.txt").write_text(
        "Ferry line opens\n\nTickets cost 60 manat. See <b>the timetable</b> at "
        "https://example.az/ferry for details.\n\nA brand new paragraph.\n",
        "utf-8",
    )
    factory = Factory()
    summary = run(["digest.txt"], factory)
    assert summary.from_memory == 2 and summary.translated == 1
    assert factory.sentences == ["A brand new paragraph."]  # only the new text met the model
    got = units(workdir / "locales/az/LC_MESSAGES/digest.po")
    reviewed = got["Ferry line opens"]
    assert reviewed.target == "Bərə xətti açılır" and not reviewed.isfuzzy()
    assert catalogs.own_comments(reviewed, catalogs.TM_PREFIX)[0].startswith(
        "locales/az/LC_MESSAGES/ferry.po:"
    )
    machine = next(u for u in got.values() if u.source.startswith("Tickets"))
    assert machine.isfuzzy()  # machine output stays machine output, with its provenance
    assert catalogs.own_comments(machine, catalogs.MT_PREFIX)[0].startswith("test tiny")
    assert catalogs.own_comments(machine, catalogs.TM_PREFIX)[0].endswith("(not reviewed)")
    verify_catalog(workdir / "locales/az/LC_MESSAGES/digest.po")


def test_translation_memory_from_a_tmx_compendium(workdir: Path) -> None:
    tmx = workdir / "compendium.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="po" adminlang="en" srclang="en" '
        'datatype="plaintext"/><body><tu><tuv xml:lang="en"><seg>Ferry line opens</seg></tuv>'
        '<tuv xml:lang="az-AZ"><seg>Bərə xətti açılır</seg></tuv></tu></body></tmx>\n',
        "utf-8",
    )
    factory = Factory()
    summary = run(["ferry.txt"], factory, memory=(tmx,))
    assert summary.from_memory == 1 and "Ferry line opens" not in factory.sentences
    title = units(workdir / "locales/az/LC_MESSAGES/ferry.po")["Ferry line opens"]
    assert title.target == "Bərə xətti açılır" and title.isfuzzy()


def test_a_tmx_compendium_declaring_entities_is_refused(workdir: Path) -> None:
    """`&xxe;` would vanish from the memory's text; the run stops before any catalog exists."""
    tmx = workdir / "compendium.tmx"
    tmx.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY xxe "x">]>\n<tmx version="1.4">'
        '<header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Ferry line opens</seg></tuv>'
        '<tuv xml:lang="az"><seg>Bərə &xxe; açılır</seg></tuv></tu></body></tmx>\n',
        "utf-8",
    )
    with pytest.raises(InputError, match="declares the XML entity 'xxe'") as caught:
        run(["ferry.txt"], Factory(), memory=(tmx,))
    assert caught.value.line == 2
    assert not (workdir / "locales/az/LC_MESSAGES/ferry.po").exists()


RU_CATALOG = (
    RU_PLURAL_CATALOG
    + """

msgctxt "menu"
msgid "Open"
msgstr ""

msgctxt "verb"
msgid "Open"
msgstr "Открыть"

msgid "Close"
msgstr "Закрыть"
"""
)


def test_catalogs_are_filled_in_place_plurals_for_every_form(workdir: Path) -> None:
    po = workdir / "locales/ru/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(RU_CATALOG, "utf-8")
    factory = Factory()
    summary = translate_catalogs(
        [po], TranslateOptions(locales_dir=Path("locales"), model="tiny"), engine_factory=factory
    )
    assert summary.translated == 2 and summary.reused == 2 and summary.written == [po]
    got = {(u.getcontext(), str(u.source)): u for u in catalogs.read_catalog(po).units}
    plural = got[("", "%(count)s comment")]
    assert plural.isfuzzy()
    singular, plural_text = "RU: %(count)s comment", "RU: %(count)s comments"
    assert [str(s) for s in plural.target.strings] == [singular, plural_text, plural_text]
    assert got[("menu", "Open")].target == "RU: Open" and got[("menu", "Open")].isfuzzy()
    verb = got[("verb", "Open")]
    assert verb.target == "Открыть" and not verb.isfuzzy()  # reviewed: untouched
    assert got[("", "Close")].target == "Закрыть"
    # Accept the machine output, then load it as a site would: the right form for each count.
    store = catalogs.read_catalog(po)
    for unit in store.units:
        unit.markfuzzy(False)
    catalogs.write_catalog(store, po)
    mo = verify_catalog(po)
    forms = {n: mo.ngettext("%(count)s comment", "%(count)s comments", n) for n in (1, 2, 5, 21)}
    assert forms == {1: singular, 2: plural_text, 5: plural_text, 21: singular}


def test_a_template_is_not_translated(workdir: Path) -> None:
    pot = workdir / "messages.pot"
    pot.write_text(RU_CATALOG, "utf-8")
    with pytest.raises(InputError, match="template"):
        translate_catalogs([pot], TranslateOptions(), engine_factory=Factory())


def test_memory_engine_fills_similar_text_as_fuzzy_with_previous_msgid(workdir: Path) -> None:
    run(["ferry.txt"], Factory())
    (workdir / "update.txt").write_text(
        "Ferry line opens\n\nThe new ferry line links Baku and Turkmenbashi. Dr. Aliyeva "
        "said the trip takes 13.5 hours.\n\nSomething entirely different happened today.\n",
        "utf-8",
    )
    factory = Factory()
    summary = run(["update.txt"], factory, engine="memory")
    assert factory.engines == []  # no model, ever
    assert summary.from_memory == 2 and summary.translated == 0
    got = units(workdir / "locales/az/LC_MESSAGES/update.po")
    similar = next(u for u in got.values() if "13.5 hours" in u.source)
    assert similar.isfuzzy() and "12.5 hours" in similar.target  # a person must fix the number
    assert similar.prev_source.endswith("takes 12.5 hours.")
    assert "% match" in catalogs.own_comments(similar, catalogs.TM_PREFIX)[0]
    assert got["Something entirely different happened today."].target == ""
    verify_catalog(workdir / "locales/az/LC_MESSAGES/update.po")


def test_blocks_in_another_language_are_left_out(workdir: Path) -> None:
    (workdir / "mixed.txt").write_text(
        "Ferry line opens\n\nThe new ferry line links Baku and Turkmenbashi.\n\n"
        "Bərə hər gün səhər doqquzda Bakıdan yola düşür və gecə gəlir.\n",
        "utf-8",
    )
    factory = Factory()
    summary = run(["mixed.txt"], factory)
    assert summary.other_language == ["mixed.txt:5"]
    assert "left out (another language)" in summary.line()
    got = units(workdir / "locales/az/LC_MESSAGES/mixed.po")
    assert not any(u.source.startswith("Bərə") for u in got.values())
    assert not any("Bərə" in s for s in factory.sentences)


def test_catalog_memory_comes_from_the_catalogs_own_locales_dir(workdir: Path) -> None:
    """A catalog elsewhere must not silently take translations from ./locales."""
    here = workdir / "locales/ru/LC_MESSAGES/other.po"
    here.parent.mkdir(parents=True)
    here.write_text(
        RU_CATALOG.replace(
            'msgctxt "menu"\nmsgid "Open"\nmsgstr ""', 'msgctxt "menu"\nmsgid "Open"\nmsgstr "Меню"'
        ),
        "utf-8",
    )
    elsewhere = workdir / "demo/ru/LC_MESSAGES/messages.po"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_text(RU_CATALOG, "utf-8")
    summary = translate_catalogs(
        [elsewhere], TranslateOptions(model="tiny"), engine_factory=Factory()
    )
    assert summary.from_memory == 0
    got = {(u.getcontext(), str(u.source)): u for u in catalogs.read_catalog(elsewhere).units}
    assert got[("menu", "Open")].target == "RU: Open"


EDITED = """\
Ferry line opens

The new ferry line links Baku and Turkmenbashi. The trip takes 12 hours. Tickets cost 60 manat.
"""


def test_an_edited_paragraph_keeps_the_translation_of_its_unchanged_sentences(
    workdir: Path,
) -> None:
    (workdir / "ferry.txt").write_text(EDITED, "utf-8")
    run(["ferry.txt"], Factory())
    po = workdir / "locales/az/LC_MESSAGES/ferry.po"
    # A reviewer improves one sentence and accepts the paragraph.
    store = catalogs.read_catalog(po)
    paragraph = next(u for u in store.units if str(u.source).startswith("The new"))
    paragraph.target = str(paragraph.target).replace(
        "AZ: Tickets cost 60 manat.", "Biletlər 60 manata satılır."
    )
    paragraph.markfuzzy(False)
    catalogs.write_catalog(store, po)
    # The editor corrects another sentence.
    (workdir / "ferry.txt").write_text(EDITED.replace("12 hours", "11 hours"), "utf-8")
    factory = Factory()
    summary = run(["ferry.txt"], factory)
    assert factory.sentences == ["The trip takes 11 hours."]  # only what changed
    assert summary.sentences == 1 and summary.sentences_from_memory == 2
    got = units(po)
    new = got["The new ferry line links Baku and Turkmenbashi. The trip takes 11 hours. "
              "Tickets cost 60 manat."]  # fmt: skip
    assert new.target == (
        "AZ: The new ferry line links Baku and Turkmenbashi. AZ: The trip takes 11 hours. "
        "Biletlər 60 manata satılır."
    )
    assert new.isfuzzy()  # pieced together: a person looks at the whole again
    (tm,) = catalogs.own_comments(new, catalogs.TM_PREFIX)
    assert tm == "2 of 3 sentences from locales/az/LC_MESSAGES/ferry.po (#~)"
    verify_catalog(po)


def test_a_text_made_of_known_sentences_needs_no_model(workdir: Path) -> None:
    (workdir / "ferry.txt").write_text(EDITED, "utf-8")
    run(["ferry.txt"], Factory())
    # The same sentences in another order: nothing for a model to do, so none is loaded.
    (workdir / "ferry.txt").write_text(
        "Ferry line opens\n\nTickets cost 60 manat. The trip takes 12 hours.\n", "utf-8"
    )
    factory = Factory()
    summary = run(["ferry.txt"], factory)
    assert factory.engines == [] and summary.sentences == 0
    entry = units(workdir / "locales/az/LC_MESSAGES/ferry.po")[
        "Tickets cost 60 manat. The trip takes 12 hours."
    ]
    assert entry.target == "AZ: Tickets cost 60 manat. AZ: The trip takes 12 hours."
    assert entry.isfuzzy()
    (tm,) = catalogs.own_comments(entry, catalogs.TM_PREFIX)
    # From the old paragraph, obsolete now (#~): its line in the file is no longer known.
    assert tm == "locales/az/LC_MESSAGES/ferry.po (#~) (sentences) (not reviewed)"


def test_sentences_that_may_not_line_up_are_not_reused() -> None:
    from i18n_pipeline.pipeline.memory import MemoryMatch, TranslationMemory

    memory = TranslationMemory()
    memory._pairs += [
        # Two sentences against one: which half is which?
        ("Tickets cost 60 manat. The trip takes 12 hours.", "Bilet 60, yol 12 saat.", True, "a"),
        # Same count, but the numbers say the order differs.
        ("It leaves at 9. It arrives at 21.", "21-də çatır. 9-da yola düşür.", True, "b"),
        ("The port opens. Ships wait.", "Liman açılır. Gəmilər gözləyir.", True, "c"),
    ]  # fmt: skip
    assert memory.sentence_lookup("Tickets cost 60 manat.", "en", "az") is None
    assert memory.sentence_lookup("It leaves at 9.", "en", "az") is None
    found = memory.sentence_lookup("Ships wait.", "en", "az")
    assert found is not None and (found.target, found.origin) == ("Gəmilər gözləyir.", "c")
    assert isinstance(MemoryMatch("x", "y", True).target, str)


def test_a_plural_entry_takes_no_sentence_from_the_memory(workdir: Path) -> None:
    """Its forms are translated together by the model; a known sentence must not break that."""
    po = workdir / "locales/ru/LC_MESSAGES/messages.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        RU_PLURAL_CATALOG
        + '\nmsgid "Thanks for reading. See you."\nmsgstr "Спасибо. До встречи."\n'
        + '\nmsgid "See you. Come back."\nmsgstr ""\n'
        + '\nmsgid "See you."\nmsgid_plural "See you all."\n'
        + 'msgstr[0] ""\nmsgstr[1] ""\nmsgstr[2] ""\n',
        "utf-8",
    )
    factory = Factory()
    summary = translate_catalogs(
        [po], TranslateOptions(locales_dir=Path("locales"), model="tiny"), engine_factory=factory
    )
    assert summary.sentences_from_memory == 1  # "See you.", for the entry of two sentences
    assert "See you." in factory.sentences  # and to the model, for the plural entry
    got = {str(u.source): u for u in catalogs.read_catalog(po).units if not u.isheader()}
    assert str(got["See you. Come back."].target) == "До встречи. RU: Come back."
    assert next(str(s) for s in got["See you."].target.strings) == "RU: See you."


def test_engine_steps_are_whole_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checkpoint steps are sized by measured speed; a step of 69 sentences with batches of 32
    would leave a batch of 5 that costs nearly a full one, so steps are rounded to batches."""
    from i18n_pipeline.pipeline import fill as pipeline

    clock = [0.0]
    monkeypatch.setattr(pipeline.time, "monotonic", lambda: clock[0])
    sizes: list[int] = []

    class TimedEngine(TaggingEngine):
        def translate_batch(
            self, sentences: Sequence[str], *, source: str, target: str
        ) -> list[str]:
            sizes.append(len(sentences))
            clock[0] += 0.01 * len(sentences)  # 10 ms a sentence: 0.69 s is 69 sentences
            return super().translate_batch(sentences, source=source, target=target)

    texts = [f"Sentence number {n}." for n in range(300)]
    engine = TimedEngine(ModelSpec("tiny", "marian"))
    out = pipeline._translate_in_steps(engine, texts, "en", "az", 32, None, save_every=0.69)
    assert len(out) == 300
    assert sizes[0] == 64 and all(size % 32 == 0 for size in sizes[:-1])
    assert sizes == [64, 64, 64, 64, 44]
