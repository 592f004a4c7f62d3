"""Signed QR codes: Ed25519 over the certificate's essential fields, checkable offline.

QR text: <base>/v/<ID>?p=<payload>&k=<key id>&s=<signature> (base64url, no padding).
The payload is "OCOP1|id|stars|decision number|decision date|valid until|level|province|product|producer"
(NFC text, dates as YYYYMMDD). Anyone with the published public key can check it without a network.

Keys: OCOP_SIGNING_KEY (or OCOP_SIGNING_KEY_FILE) holds the private key as PEM or as 32 raw bytes in
base64; without it a key is created once under the data folder. OCOP_VERIFY_KEYS may list older public
keys (key id=base64 raw, comma-separated) so codes signed before a key change still check.
"""

import base64
import hashlib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ocop.env import env

from .models import Certificate

PREFIX = "OCOP1"


def b64e(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:8]


def _load_private(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        return serialization.load_pem_private_key(text.encode(), password=None)
    return Ed25519PrivateKey.from_private_bytes(b64d(text))


class MissingSigningKey(ImproperlyConfigured):
    """Certificates exist but their signing key is gone: a new key would make every printed QR unknown."""


def key_file_path() -> Path:
    return Path(settings.DATA_DIR) / "signing-key.pem"


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    configured = env("OCOP_SIGNING_KEY")
    if configured:
        return _load_private(configured)
    path = key_file_path()
    if path.exists():
        return _load_private(path.read_text())
    if Certificate.objects.exists():
        raise MissingSigningKey(
            "Certificates exist but no signing key was found (OCOP_SIGNING_KEY, OCOP_SIGNING_KEY_FILE or "
            f"{path}). Restore it (ocop restore) instead of starting with a new key: every QR code already "
            "printed would stop verifying.")
    key = Ed25519PrivateKey.generate()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)
    return key


def public_keys() -> dict[str, Ed25519PublicKey]:
    """Every key a QR code may be signed with: the current one and older published ones."""
    keys = {}
    current = signing_key().public_key()
    keys[key_id(current)] = current
    for item in (env("OCOP_VERIFY_KEYS") or "").split(","):
        if "=" in item:
            kid, raw = item.strip().split("=", 1)
            keys[kid] = Ed25519PublicKey.from_public_bytes(b64d(raw))
    return keys


def published_keys() -> list[dict]:
    return [
        {"key_id": kid, "algorithm": "Ed25519",
         "public_key": b64e(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))}
        for kid, key in public_keys().items()
    ]


def payload_for(fields: dict) -> str:
    parts = [PREFIX, fields["id"], str(fields["stars"]), fields["decision_number"],
             fields["decision_date"].strftime("%Y%m%d"), fields["valid_until"].strftime("%Y%m%d"),
             fields["level"], fields["province"], fields["product"], fields["producer"]]
    return "|".join(unicodedata.normalize("NFC", str(p)).replace("|", "/") for p in parts)


def qr_text(fields: dict, base_url: str) -> str:
    payload = payload_for(fields).encode()
    key = signing_key()
    signature = key.sign(payload)
    return f"{base_url.rstrip('/')}/v/{fields['id']}?p={b64e(payload)}&k={key_id(key.public_key())}&s={b64e(signature)}"


@dataclass
class QrCheck:
    verdict: str  # valid | tampered | unknown_key | malformed
    fields: dict | None = None
    key_id: str = ""


FIELD_NAMES = ["prefix", "id", "stars", "decision_number", "decision_date", "valid_until", "level", "province",
               "product", "producer"]


def check_qr(text: str, keys: dict[str, Ed25519PublicKey] | None = None) -> QrCheck:
    """Offline check of scanned text: valid, tampered (anything altered), unknown key, or malformed."""
    keys = public_keys() if keys is None else keys
    try:
        url = urlsplit(text.strip())
        query = parse_qs(url.query, strict_parsing=True)
        payload_b64, kid, sig_b64 = query["p"][0], query["k"][0], query["s"][0]
        path_id = url.path.rstrip("/").rsplit("/", 1)[-1]
    except (ValueError, KeyError, IndexError):
        return QrCheck("malformed")
    key = keys.get(kid)
    if key is None:
        return QrCheck("unknown_key", key_id=kid)
    try:
        payload, signature = b64d(payload_b64), b64d(sig_b64)
        if b64e(payload) != payload_b64 or b64e(signature) != sig_b64:
            raise ValueError("non-canonical base64: a character was changed in bits the decoder ignores")
        key.verify(signature, payload)
        values = payload.decode("utf-8").split("|")
    except (InvalidSignature, ValueError, UnicodeDecodeError):
        return QrCheck("tampered", key_id=kid)
    if len(values) != len(FIELD_NAMES) or values[0] != PREFIX or values[1] != path_id:
        return QrCheck("tampered", key_id=kid)
    return QrCheck("valid", dict(zip(FIELD_NAMES, values, strict=True)), kid)
