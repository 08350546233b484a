"""Keeping it signed: a revision's payload (built, checked, replayed), the
record format and its hash chain, the store of records on disk, the witness,
revisions (amend, end, history), keys and trust, forget, backup, a party's
copy, and the index of records (a cache the files always overrule).

Imports ``agreement`` and the shared ground; never ``feedback`` or ``cli``.
"""
