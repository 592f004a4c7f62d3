"""Signed QR codes: Ed25519 over the certificate's certified facts and the issuing address, checkable offline.

QR text: <base>/v/<ID>?p=<payload>&k=<key id>&s=<signature> (base64url, no padding).
Two payloads (NFC text, dates as YYYYMMDD):
- full (certificate PDF, API): "OCOP2|id|stars|decision number|decision date|valid until|level|province|product|
  producer|product set|product code";
- short (packaging labels, so that the code stays small enough to print and scan): "S|stars|valid until".
The signature covers "<base>|<ID>|<payload>": the issuing address (OCOP_PUBLIC_URL) and the number in the path
are signed too, so the same parameters served from another address, or under another number, do not check.
Anyone with the published public key can check a code without a network, but not whether the certificate was
revoked or has expired since: only the online check knows that.

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

PREFIX = "OCOP2"
SHORT_PREFIX = "S"


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


def _text(parts) -> str:
    return "|".join(unicodedata.normalize("NFC", str(p)).replace("|", "/") for p in parts)


def payload_for(fields: dict) -> str:
    return _text([PREFIX, fields["id"], str(fields["stars"]), fields["decision_number"],
                  fields["decision_date"].strftime("%Y%m%d"), fields["valid_until"].strftime("%Y%m%d"),
                  fields["level"], fields["province"], fields["product"], fields["producer"],
                  fields.get("product_set", ""), fields.get("product_code", "")])


def short_payload_for(fields: dict) -> str:
    return _text([SHORT_PREFIX, str(fields["stars"]), fields["valid_until"].strftime("%Y%m%d")])


def signed_message(base_url: str, public_id: str, payload: bytes) -> bytes:
    """What the signature covers: the issuing address, the number in the path and the payload."""
    return f"{base_url.rstrip('/')}|{public_id}|".encode() + payload


def _qr(payload: bytes, public_id: str, base_url: str) -> str:
    key = signing_key()
    base = base_url.rstrip("/")
    signature = key.sign(signed_message(base, public_id, payload))
    return f"{base}/v/{public_id}?p={b64e(payload)}&k={key_id(key.public_key())}&s={b64e(signature)}"


def qr_text(fields: dict, base_url: str) -> str:
    return _qr(payload_for(fields).encode(), fields["id"], base_url)


def short_qr_text(fields: dict, base_url: str) -> str:
    return _qr(short_payload_for(fields).encode(), fields["id"], base_url)


@dataclass
class QrCheck:
    verdict: str  # valid | tampered | unknown_key | malformed
    fields: dict | None = None
    key_id: str = ""
    address: str = ""  # the issuing address the code was signed for


FIELD_NAMES = ["prefix", "id", "stars", "decision_number", "decision_date", "valid_until", "level", "province",
               "product", "producer", "product_set", "product_code"]
SHORT_FIELD_NAMES = ["prefix", "stars", "valid_until"]


def split_qr(text: str) -> tuple[str, str, dict]:
    """(issuing address, number in the path, query values) of a scanned text; ValueError when it is not a code."""
    url = urlsplit(text.strip())
    if not url.scheme or not url.netloc or "/v/" not in url.path:
        raise ValueError("not an OCOP verification address")
    prefix, _sep, rest = url.path.rpartition("/v/")
    path_id = rest.rstrip("/")
    if not path_id or "/" in path_id:
        raise ValueError("no certificate number in the path")
    query = parse_qs(url.query, strict_parsing=True)
    values = {name: query[name][0] for name in ("p", "k", "s")}
    return f"{url.scheme}://{url.netloc}{prefix}", path_id, values


def check_signed(address: str, path_id: str, payload_b64: str, kid: str, sig_b64: str,
                 keys: dict[str, Ed25519PublicKey] | None = None) -> QrCheck:
    """The check itself, for a code's parts (the verification page passes its own address)."""
    keys = public_keys() if keys is None else keys
    key = keys.get(kid)
    if key is None:
        return QrCheck("unknown_key", key_id=kid, address=address)
    try:
        payload, signature = b64d(payload_b64), b64d(sig_b64)
        if b64e(payload) != payload_b64 or b64e(signature) != sig_b64:
            raise ValueError("non-canonical base64: a character was changed in bits the decoder ignores")
        key.verify(signature, signed_message(address, path_id, payload))
        values = payload.decode("utf-8").split("|")
    except (InvalidSignature, ValueError, UnicodeDecodeError, TypeError):
        return QrCheck("tampered", key_id=kid, address=address)
    if values[0] == PREFIX and len(values) == len(FIELD_NAMES) and values[1] == path_id:
        return QrCheck("valid", dict(zip(FIELD_NAMES, values, strict=True)), kid, address)
    if values[0] == SHORT_PREFIX and len(values) == len(SHORT_FIELD_NAMES):
        return QrCheck("valid", {**dict(zip(SHORT_FIELD_NAMES, values, strict=True)), "id": path_id}, kid, address)
    return QrCheck("tampered", key_id=kid, address=address)


def check_qr(text: str, keys: dict[str, Ed25519PublicKey] | None = None) -> QrCheck:
    """Offline check of scanned text: valid, tampered (anything altered, the address included), unknown key,
    or malformed."""
    try:
        address, path_id, values = split_qr(text)
    except (ValueError, KeyError, IndexError):
        return QrCheck("malformed")
    return check_signed(address, path_id, values["p"], values["k"], values["s"], keys)
