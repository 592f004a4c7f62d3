"""Money the Vietnamese way: integer đồng, dots between thousands (the one formatter)."""

from decimal import Decimal


def vnd(amount: int) -> str:
    """1250000 → "1.250.000 đ"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " đ"


def vnd_short(amount: int) -> str:
    """3800000000 → "3,8 tỷ đồng"; 250000000 → "250 triệu đồng"."""
    amount = int(amount)
    for size, word in ((10**9, "tỷ"), (10**6, "triệu")):
        if abs(amount) >= size:
            value = (Decimal(amount) / size).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP").normalize()
            return f"{value:f}".replace(".", ",") + f" {word} đồng"
    return vnd(amount).replace(" đ", " đồng")
