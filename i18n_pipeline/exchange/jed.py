"""Jed 1.x `locale_data` JSON (also read by gettext.js)."""

from __future__ import annotations

import json

from i18n_pipeline import catalogs
from i18n_pipeline.exchange.common import is_finished
from i18n_pipeline.locales import LocaleInfo


def catalog_to_jed(
    store: catalogs.Store, locale: LocaleInfo, domain: str
) -> tuple[bytes, int, int]:
    """Jed 1.x `locale_data` JSON. Its domain object also carries gettext.js's header keys, so
    `new Jed(data)` and `i18n.loadJSON(data.locale_data[domain])` both load the same file."""
    plural_forms = locale.plural_forms
    messages: dict[str, object] = {
        "": {
            "domain": domain,
            "lang": locale.code,
            "plural_forms": plural_forms,
            "language": locale.code,
            "plural-forms": plural_forms,
        }
    }
    written = left_out = 0
    for unit in catalogs.live_units(store):
        if not is_finished(unit):
            left_out += 1
            continue
        key = str(unit.source)
        if unit.getcontext():
            key = f"{unit.getcontext()}\u0004{key}"
        messages[key] = catalogs.target_forms(unit)
        written += 1
    data = {"domain": domain, "locale_data": {domain: messages}}
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return text.encode("utf-8"), written, left_out
