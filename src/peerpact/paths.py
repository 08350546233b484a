"""Where peerpact keeps its state.

``PEERPACT_HOME`` puts everything under one folder (tests always set it);
otherwise platformdirs' user config, data and cache folders. The config folder
holds only settings and templates (people sync it as dotfiles); the private
key lives with the records in the data folder; the cache can be deleted.

``get_paths()`` is the one accessor: computed when first asked (never at
import) and kept for as long as the variables it depends on stay the same,
so a test that changes PEERPACT_HOME gets the new folders at once;
``reset_paths()`` forgets what was kept.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from peerpact.i18n import _

APP_NAME = "peerpact"
HOME_ENV = "PEERPACT_HOME"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    #: What can be rebuilt from the data (the index of records); safe to delete.
    cache_dir: Path
    #: The folders peerpact owns outright: every folder from one of these down
    #: is made 0700, and tightened to 0700 when found looser.
    roots: tuple[Path, ...] = ()

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def keys_dir(self) -> Path:
        """Keys live with the data, not the config (which people sync as dotfiles)."""
        return self.data_dir / "keys"

    @property
    def key_file(self) -> Path:
        return self.keys_dir / "signing.key"

    @property
    def legacy_key_file(self) -> Path:
        """Where peerpact before 0.2 kept the signing key; moved on first use."""
        return self.config_dir / "signing.key"

    @property
    def trusted_keys_file(self) -> Path:
        return self.keys_dir / "trusted.toml"

    @property
    def witness_file(self) -> Path:
        return self.data_dir / "witness.log"

    def damaged_witness_file(self, number: int) -> Path:
        """The ``number``th damaged witness log a repair kept aside (1, 2, ...)."""
        return self.data_dir / f"witness.damaged-{number}.log"

    @property
    def templates_dir(self) -> Path:
        return self.config_dir / "templates"

    @property
    def records_dir(self) -> Path:
        return self.data_dir / "records"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def organisation_file(self) -> Path:
        """The organisation file this computer joined (`org join`), as leadership signed it."""
        return self.data_dir / "organisation.toml"

    @property
    def organisation_pin_file(self) -> Path:
        """Which organisation and key this computer joined, signed by its own key."""
        return self.data_dir / "organisation.pin"

    @property
    def leadership_dir(self) -> Path:
        """A leader's own side (`org init`, `inbox`): their identities, signing key and cases."""
        return self.data_dir / "leadership"

    @property
    def identities_dir(self) -> Path:
        """Leaders' age identities, each passphrase-encrypted in age's own format."""
        return self.leadership_dir / "identities"

    @property
    def inbox_dir(self) -> Path:
        """Leadership's cases, each kept encrypted at rest."""
        return self.leadership_dir / "inbox"

    @property
    def index_file(self) -> Path:
        """`list`'s index of records (SQLite), rebuilt from the records when needed."""
        return self.cache_dir / "index.sqlite3"


#: What platformdirs reads to place the folders when PEERPACT_HOME is unset.
_PLACES = ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")


def get_paths() -> Paths:
    """Where this run keeps its state."""
    home = os.environ.get(HOME_ENV)
    if home:
        root = Path(home).expanduser()
        if root.exists() and not root.is_dir():
            from peerpact.errors import StorageError

            raise StorageError(
                _("PEERPACT_HOME ({root}) is a file, not a folder.").format(root=root),
                _("Point PEERPACT_HOME at a folder, or unset it."),
            )
        return _under(root)
    return _platform(*(os.environ.get(name, "") for name in _PLACES))


def reset_paths() -> None:
    """Forget the folders found so far (they are found again when next asked)."""
    _under.cache_clear()
    _platform.cache_clear()


@functools.lru_cache(maxsize=16)
def _under(root: Path) -> Paths:
    return Paths(
        config_dir=root / "config",
        data_dir=root / "data",
        cache_dir=root / "cache",
        roots=(root,),
    )


@functools.lru_cache(maxsize=4)
def _platform(*places: str) -> Paths:
    """platformdirs' folders, for the values of ``_PLACES`` it reads."""
    import platformdirs

    config_dir = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    data_dir = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    cache_dir = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    return Paths(config_dir, data_dir, cache_dir, roots=(config_dir, data_dir, cache_dir))


def builtin_templates_dir() -> Path:
    """The templates shipped with peerpact.

    Inside an installed wheel they sit in the package; in a source checkout
    (editable install) they sit at the top of the repository.
    """
    packaged = Path(__file__).parent / "agreement_templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "agreement_templates"
