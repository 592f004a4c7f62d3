"""Public certificate identifiers: 10 random symbols from a 31-symbol alphabet (about 49.5 bits:
not guessable) and a check symbol, so a mistyped code is caught before any look-up.

The check makes the weighted sum of all 11 symbol values (weights 1..11) divisible by 31.
31 is prime, so every single wrong symbol and every swap of two neighbours is caught
(the difference they make is a non-zero multiple of a number below 31).

Shown as XXXX-XXXX-XXX; typed in any case, with or without dashes or spaces; the look-alike
letters O, I and L are read as 0, 1 and 1 (Crockford's rules).
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXY"  # Crockford's symbols less Z: no I, L, O, U, Z
MODULUS = len(ALPHABET)  # 31, a prime
VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
BODY_LENGTH = 10
LENGTH = BODY_LENGTH + 1
MAX_INPUT = 40  # anything longer is malformed before any work is done

_CLEAN = re.compile(r"[\s\-_.]")


class IdError(ValueError):
    """`kind` is "malformed" (not an identifier at all) or "check" (a typing mistake)."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def check_symbol(body: str) -> str:
    total = sum(weight * VALUE[ch] for weight, ch in enumerate(body, start=1))
    weight = len(body) + 1
    # weight * c + total ≡ 0 (mod 31)  →  c = -total * weight⁻¹
    return ALPHABET[(-total * pow(weight, -1, MODULUS)) % MODULUS]


def new_id() -> str:
    return _from_bits(int.from_bytes(secrets.token_bytes(8), "big"))


def new_ids(count: int) -> list[str]:
    """`count` new identifiers from one draw of the system's randomness (a call per identifier is a system call)."""
    pool = secrets.token_bytes(8 * count)
    return [_from_bits(int.from_bytes(pool[i:i + 8], "big")) for i in range(0, 8 * count, 8)]


def _from_bits(number: int) -> str:
    # 64 random bits give 10 base-31 symbols (31**10 ≈ 8.2e14 ≪ 2**64, so the bias is negligible).
    symbols = []
    for _ in range(BODY_LENGTH):
        number, digit = divmod(number, MODULUS)
        symbols.append(ALPHABET[digit])
    body = "".join(symbols)
    return body + check_symbol(body)


def normalize(text: str) -> str:
    """Canonical form of a typed identifier, or IdError."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        raise IdError("malformed")
    cleaned = _CLEAN.sub("", text).upper().translate(str.maketrans("OIL", "011"))
    if len(cleaned) != LENGTH or any(ch not in VALUE for ch in cleaned):
        raise IdError("malformed")
    if check_symbol(cleaned[:-1]) != cleaned[-1]:
        raise IdError("check")
    return cleaned


def display(public_id: str) -> str:
    return f"{public_id[:4]}-{public_id[4:8]}-{public_id[8:]}"
