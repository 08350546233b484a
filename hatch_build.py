"""Build hook: compile the gettext catalogues (.po, kept in the repository)
into the .mo files the wheel carries, so an installed peerpact reads them
with the standard library's gettext and nothing else.

An editable install compiles nothing: peerpact.i18n reads the .po of the
checkout directly, so a translator's edit shows at once.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        # The guides `peerpact docs TOPIC` reads, and nothing else from docs/
        # (not the benchmark's plot): no user needs what no command shows.
        docs = Path(self.root) / "docs"
        for guide in sorted(docs.rglob("*.md")):
            build_data["force_include"][str(guide)] = f"peerpact/docs/{guide.relative_to(docs)}"
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._folder = Path(tempfile.mkdtemp(prefix="peerpact-mo-"))
        locale = Path(self.root) / "src" / "peerpact" / "locale"
        for po in sorted(locale.glob("*/LC_MESSAGES/peerpact.po")):
            language = po.parent.parent.name
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            errors = [(m.id, e) for m, problems in catalog.check() for e in problems]
            if errors:
                raise RuntimeError(f"{po}: {errors[0][0]!r}: {errors[0][1]}")
            mo = self._folder / language / "peerpact.mo"
            mo.parent.mkdir(parents=True)
            with mo.open("wb") as handle:
                write_mo(handle, catalog)
            target = f"peerpact/locale/{language}/LC_MESSAGES/peerpact.mo"
            build_data["force_include"][str(mo)] = target

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "_folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
