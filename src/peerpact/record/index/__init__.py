"""The index of records, a cache the files always overrule: ``rows`` (one
SQLite row per record file, for `list`), ``names`` (the parties' names, looked
up for redaction without writing anything) and ``db`` (the SQLite file itself).
"""
