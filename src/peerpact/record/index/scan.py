"""What is on disk, read without trusting it: the record files in a folder
(removing what a writer that died left behind), and the names in a file too
damaged to read as a record."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

from peerpact.errors import PeerpactError
from peerpact.files import TEMP_PREFIX, TEMP_SUFFIX, open_own, remove_if_stale, stale_temp_seconds
from peerpact.record.format import MAX_RECORD_BYTES


def on_disk(folder: Path) -> Iterator[tuple[str, int, int]]:
    """(file name, size, mtime_ns) of every record file, in no particular order;
    temp files left by a writer that died are removed on the way."""
    cutoff = time.time() - stale_temp_seconds()
    try:
        entries = os.scandir(folder)
    except OSError:
        return
    with entries:
        for entry in entries:
            name = entry.name
            if name[0] == "." or not name.endswith(".toml"):
                if name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
                    remove_if_stale(entry, cutoff)
                continue
            try:  # not contextlib.suppress: this runs once a record
                stat = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            yield name, stat.st_size, stat.st_mtime_ns


_NAME_LINE = re.compile(rb'^name\s*=\s*"((?:[^"\\\n]|\\.)*)"', re.MULTILINE)


def name_lines(path: Path) -> list[str]:
    """The ``name = "..."`` lines of a file too damaged to read as a record."""
    try:
        with open_own(path) as handle:
            data = handle.read(MAX_RECORD_BYTES * 2)
    except (OSError, PeerpactError):
        return []
    names = []
    for raw in _NAME_LINE.findall(data):
        try:
            names.append(json.loads(b'"' + raw + b'"'))
        except ValueError:
            names.append(raw.decode("utf-8", "replace"))
    return names
