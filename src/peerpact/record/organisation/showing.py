"""What `org show` reports: each setting the organisation file can give, its
value in force, and where it came from (the file, the config, a default)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from peerpact.record.organisation.joined import joined, recipients, settled

if TYPE_CHECKING:
    from peerpact.config import Config

FILE = "organisation file"
CONFIG = "config"
DEFAULT = "default"


def settings_in_force(config: Config) -> dict[str, Any]:
    """The organisation joined (or None) and each setting with its source."""
    from peerpact.config import DEFAULT_CATEGORIES, Config

    org = joined()
    used = settled(config)
    sealed_to, names = recipients(config)

    def source(from_file: bool, in_config: Any, default: Any = None) -> str:
        if org is not None and from_file:
            return FILE
        return CONFIG if in_config not in (None, "", (), default) else DEFAULT

    mail = org is not None and bool(org.mail.host)
    base = Config()
    settings = {
        "organization.name": (used.organization_name, source(True, config.organization_name)),
        "organization.leadership_email": (
            used.leadership_email,
            source(True, config.leadership_email),
        ),
        "leaders": (
            list(names) if org is not None else list(sealed_to),
            source(True, config.leadership_age_recipient),
        ),
        "grievance.categories": (
            list(used.categories or DEFAULT_CATEGORIES),
            source(bool(org and org.categories), config.categories),
        ),
        "organization.allow_unsealed": (
            org.allow_unsealed if org else config.allow_unsealed,
            source(True, config.allow_unsealed, False),
        ),
        "smtp.host": (used.smtp.host, source(mail, config.smtp.host, base.smtp.host)),
        "smtp.port": (used.smtp.port, source(mail, config.smtp.port, base.smtp.port)),
        "retention.closed_days": (
            org.retention_days if org else None,
            FILE if org else DEFAULT,
        ),
    }
    return {
        "organisation": None
        if org is None
        else {
            "id": org.id,
            "name": org.name,
            "serial": org.serial,
            "issued": org.issued,
            "fingerprint": org.fingerprint,
            "leaders": [{"name": lead.name, "recipient": lead.recipient} for lead in org.leaders],
        },
        "settings": {key: {"value": v, "from": s} for key, (v, s) in settings.items()},
    }
