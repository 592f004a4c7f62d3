import sys

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management.base import BaseCommand

from ocop.certificates.signing import b64d, check_qr, public_keys


class Command(BaseCommand):
    help = ("Check scanned QR text offline: prints valid, tampered or unknown key (exit 0 only when valid). "
            "Uses this installation's public keys, or --key KEY_ID=BASE64 for another one.")

    def add_arguments(self, parser):
        parser.add_argument("text", help="The text the QR code holds (quote it).")
        parser.add_argument("--key", action="append", default=[], help="Extra public key as KEY_ID=BASE64URL (repeatable).")
        parser.add_argument("--only-given-keys", action="store_true", help="Use only the keys given with --key.")

    def handle(self, *args, text, key, only_given_keys, **options):
        keys = {} if only_given_keys else public_keys()
        for item in key:
            kid, _sep, raw = item.partition("=")
            keys[kid] = Ed25519PublicKey.from_public_bytes(b64d(raw))
        result = check_qr(text, keys)
        if result.verdict == "valid":
            f = result.fields
            if "product" in f:
                self.stdout.write(f"valid signature: {f['id']} · {f['product']} · {f['producer']} · {f['stars']}★ · "
                                  f"decision {f['decision_number']} · valid until {f['valid_until']}"
                                  + (f" · product code {f['product_code']}" if f.get("product_code") else ""))
            else:  # the short code of a label
                self.stdout.write(f"valid signature: {f['id']} · {f['stars']}★ · valid until {f['valid_until']}")
            self.stdout.write(f"Issued for {result.address}: the same code at any other address is not genuine.")
            self.stdout.write("Checked offline: only that the code was signed by an OCOP key and not altered. Whether "
                              "the certificate was revoked or has expired since, only the online check can tell: "
                              f"/v/{f['id']} or /api/v1/verify/{f['id']}.")
            return
        words = {"tampered": "tampered: the content does not match its signature",
                 "unknown_key": f"unknown key: {result.key_id} is not a known OCOP signing key",
                 "malformed": "tampered: this is not a signed OCOP code"}
        self.stdout.write(words[result.verdict])
        sys.exit(1)
