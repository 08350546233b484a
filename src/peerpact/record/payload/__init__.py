"""A revision's payload, end to end: ``build`` (created, amended, ended),
``check`` (the closed schema a payload must meet) and ``replay`` (into the
agreement as it stands)."""
