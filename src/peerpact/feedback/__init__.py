"""Reaching leadership: redaction, the anonymous message, the Maildir outbox
and SMTP delivery.

Imports ``record``, ``agreement`` and the shared ground; never ``cli``.
"""
