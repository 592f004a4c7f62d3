import datetime as dt
from itertools import product as cartesian

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from ocop.certificates import signing
from ocop.certificates.ids import ALPHABET, IdError, check_symbol, display, new_id, new_ids, normalize


def test_new_ids_are_11_symbols_with_a_valid_check_and_unique():
    assert len(ALPHABET) == 31
    ids = {new_id() for _ in range(2000)}
    assert len(ids) == 2000
    for public_id in list(ids)[:50]:
        assert len(public_id) == 11 and normalize(public_id) == public_id


def test_ids_drawn_together_are_as_good_as_ids_drawn_one_by_one():
    ids = new_ids(5000)
    assert len(ids) == len(set(ids)) == 5000
    assert all(len(public_id) == 11 and normalize(public_id) == public_id for public_id in ids)
    assert new_ids(0) == []
    assert set(new_ids(100)).isdisjoint(ids)
    # every symbol turns up in every body position (64 random bits per identifier, not a shared or shifted draw)
    for position in range(10):
        assert {public_id[position] for public_id in ids} == set(ALPHABET)


def test_every_single_substitution_and_adjacent_swap_is_caught():
    for public_id in [new_id() for _ in range(200)]:
        for position, symbol in cartesian(range(11), ALPHABET):
            if symbol != public_id[position]:
                typo = public_id[:position] + symbol + public_id[position + 1:]
                with pytest.raises(IdError) as err:
                    normalize(typo)
                assert err.value.kind == "check"
        for position in range(10):
            a, b = public_id[position], public_id[position + 1]
            if a != b:
                swapped = public_id[:position] + b + a + public_id[position + 2:]
                with pytest.raises(IdError):
                    normalize(swapped)


def test_typed_forms_are_accepted():
    public_id = new_id()
    assert normalize(display(public_id).lower()) == public_id
    assert normalize(" " + public_id[:4] + " " + public_id[4:] + " ") == public_id
    body = "0011223344"
    assert normalize("OOlI223344" + check_symbol(body)) == body + check_symbol(body)


@pytest.mark.parametrize("text", ["", "abc", "X" * 41, "<script>alert(1)</script>", "1234567890U", "' OR 1=1 --", "\x00" * 11])
def test_malformed_identifiers(text):
    with pytest.raises(IdError) as err:
        normalize(text)
    assert err.value.kind in {"malformed", "check"}


FIELDS = {"id": "ABCDEFGHJK" + check_symbol("ABCDEFGHJK"), "stars": 4, "decision_number": "123/QĐ-UBND",
          "decision_date": dt.date(2024, 5, 10), "valid_until": dt.date(2027, 5, 10), "level": "province",
          "province": "96", "product": "Mật ong rừng U Minh", "producer": "HTX Ong mật U Minh Hạ"}


@pytest.fixture
def keyring(settings, tmp_path, db):  # db: a new key is made only while no certificate exists
    settings.DATA_DIR = tmp_path
    signing.signing_key.cache_clear()
    yield
    signing.signing_key.cache_clear()


def test_signature_round_trip_offline(keyring):
    text = signing.qr_text(FIELDS, "https://ocop.example.vn")
    assert text.startswith(f"https://ocop.example.vn/v/{FIELDS['id']}?p=")
    result = signing.check_qr(text)
    assert result.verdict == "valid"
    assert result.fields["product"] == "Mật ong rừng U Minh" and result.fields["stars"] == "4"


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_changing_any_character_of_the_signed_part_is_tampered(data):
    signing.signing_key.cache_clear()
    key = Ed25519PrivateKey.generate()
    keys = {signing.key_id(key.public_key()): key.public_key()}
    payload = signing.payload_for(FIELDS).encode()
    text = (f"https://x/v/{FIELDS['id']}?p={signing.b64e(payload)}&k={signing.key_id(key.public_key())}"
            f"&s={signing.b64e(key.sign(signing.signed_message('https://x', FIELDS['id'], payload)))}")
    start = text.index("?p=") + 3
    position = data.draw(st.integers(min_value=start, max_value=len(text) - 1))
    if text[position] in "&=":
        return
    replacement = data.draw(st.sampled_from("ABCDEFabcdef0123456789-_"))
    if replacement == text[position]:
        return
    altered = text[:position] + replacement + text[position + 1:]
    assert signing.check_qr(altered, keys).verdict in {"tampered", "unknown_key", "malformed"}


def test_an_altered_path_id_or_unknown_key_is_caught(keyring):
    text = signing.qr_text(FIELDS, "https://x")
    other = "ABCDEFGHJM" + check_symbol("ABCDEFGHJM")
    assert signing.check_qr(text.replace(f"/v/{FIELDS['id']}", f"/v/{other}")).verdict == "tampered"
    assert signing.check_qr(text, keys={}).verdict == "unknown_key"
    assert signing.check_qr("hello").verdict == "malformed"
