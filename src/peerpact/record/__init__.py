"""Keeping it signed: the record format and its hash chain, the store of
records on disk, revisions (amend, end, history) and the signing keys.

Imports ``agreement`` and the shared ground; never ``feedback`` or ``cli``.
"""
