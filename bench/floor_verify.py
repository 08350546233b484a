"""Floor for `peerpact verify --all`: read each record, parse it with tomllib,
verify each revision's two signatures as minisign does (Ed25519 over the
BLAKE2b-512 of its canonical bytes, and the trusted comment's). Nothing else."""

from __future__ import annotations

import base64
import hashlib
import json
import sys
import tomllib
import unicodedata
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def main(folder: Path, pubkey: Path) -> None:
    key = Ed25519PublicKey.from_public_bytes(
        base64.b64decode(pubkey.read_text().splitlines()[1])[10:]
    )
    count = 0
    for path in sorted(folder.glob("*.toml")):
        record = tomllib.loads(path.read_bytes().decode("utf-8"))
        for rev in record["revisions"]:
            data = json.dumps(
                nfc(rev["payload"]), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode("utf-8")
            digest = hashlib.sha256(data).hexdigest()
            signature = base64.b64decode(rev["signature"])
            key.verify(signature, hashlib.blake2b(data, digest_size=64).digest())
            number = rev["payload"]["number"]
            comment = f"peerpact record {record['id']} revision {number} {digest}"
            key.verify(base64.b64decode(rev["trusted_signature"]), signature + comment.encode())
        count += 1
    print(f"verified {count}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
