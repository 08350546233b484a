"""Making an agreement: the template model, the library of templates, the
checker and sandbox that make a template safe to render, the interview's
draft, and the agreement as it stands once replayed from a record.

Imports only the shared ground (``peerpact.errors``, ``files``, ``paths``,
``config``, ``text``, ``tomlfile``); never ``record``, ``feedback`` or ``cli``.
"""
