"""Making an agreement: the template model, the library of templates, the
checker and sandbox that make a template safe to render, the layouts, the
unsigned agreement and the saved interviews, and the agreement as it stands.
Nothing here knows how an agreement is recorded: that is ``record``.

Imports only the shared ground (``peerpact.errors``, ``files``, ``paths``,
``config``, ``text``, ``tomlfile``); never ``record``, ``feedback`` or ``cli``.
"""
