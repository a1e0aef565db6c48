"""What is kept of a vote: its receipt code only as a hash, its entry sealed until it is mixed in.

A sealed vote is the entry and the receipt hash encrypted with AES-GCM under a key derived from
the server's secret key, which is not in the database (see `services/ballot_box.py`).
"""

import hashlib
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.crypto import salted_hmac

from qihub.competitions.errors import CompetitionError

NONCE_BYTES = 12
SEAL_SALT = "qihub.competitions.sealed-vote"


def receipt_hash(code: str) -> str:
    """The stored form of a receipt code: the same however the voter types its dashes or case."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _seal_keys(competition_id: int) -> list[bytes]:
    """The competition's sealing key under the secret key, then under each fallback key."""
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return [
        salted_hmac(SEAL_SALT, str(competition_id), secret=secret, algorithm="sha256").digest()
        for secret in secrets
    ]


def vote_seal(*, competition_id: int, entry_id: int, receipt_hash: str) -> bytes:
    """Encrypt a vote; the competition's id is bound in, so it cannot be moved to another.

    The plain text has a fixed width (an 8-byte entry id, the 32-byte hash): encryption hides
    content, not length, and a shorter id must not show in a shorter sealed vote.
    """
    nonce = os.urandom(NONCE_BYTES)
    key = _seal_keys(competition_id)[0]
    plain = struct.pack(">Q", entry_id) + bytes.fromhex(receipt_hash)
    return nonce + AESGCM(key).encrypt(nonce, plain, str(competition_id).encode())


def vote_unseal(*, competition_id: int, sealed: bytes | memoryview) -> tuple[int, str]:
    """Return a sealed vote's entry id and receipt hash."""
    nonce, box = bytes(sealed[:NONCE_BYTES]), bytes(sealed[NONCE_BYTES:])
    for key in _seal_keys(competition_id):
        try:
            plain = AESGCM(key).decrypt(nonce, box, str(competition_id).encode())
        except InvalidTag:
            continue
        (entry_id,) = struct.unpack(">Q", plain[:8])
        return entry_id, plain[8:].hex()
    raise CompetitionError(
        "A sealed vote cannot be opened with this server's secret key. Votes are sealed with the "
        "key the server had when they were cast: put that key back, or list it in "
        "QIHUB_SECRET_KEY_FALLBACKS, and try again.",
        code="seal_key",
    )
