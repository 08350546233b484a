"""The index of records, a cache the files always overrule: ``rows`` (one
SQLite row per record file, kept true to the files, for `list`), ``query``
(what a row means and the SQL `list` asks with), ``scan`` (the files on
disk), ``names`` (the parties' names, looked up for redaction without
writing anything) and ``db`` (the SQLite file itself).
"""
