"""What every API input shares: the base schema that strips control characters from every string (however deep
in the body), bounded ids, counts and dates in a sane range, text with a maximum length. Malformed input answers
400 (`ocop.api`), never 500."""

import datetime as dt
from typing import Annotated, Any

from ninja import Schema, Status
from pydantic import AfterValidator, Field, model_validator

from .forms import EARLIEST, LATEST, strip_control


def clean(value: Any) -> Any:
    """Control characters (tab and line breaks kept) and lone surrogates removed from every string of `value`."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [clean(item) for item in value]
    return value


Clean = AfterValidator(clean)
Id = Annotated[int, Field(ge=1, le=2_147_483_647, description="A record's id")]
Count = Annotated[int, Field(ge=0, le=1_000_000)]
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST, description=f"YYYY-MM-DD, from {EARLIEST} to {LATEST}")]


def text(max_length: int):
    """A string of at most `max_length` characters, control characters stripped."""
    return Annotated[str, Clean, Field(max_length=max_length)]


Text = text(4000)
Code = text(40)  # codes and numbers in paths: certificate numbers, sheet references, actions, province codes


class Input(Schema):
    """The base of every API request schema (bodies and query strings). Lengths are checked on the input as sent,
    then control characters are stripped (so the schema's maxLength means what a client sends)."""

    @model_validator(mode="after")
    def _without_control_characters(self):
        for name, value in list(self.__dict__.items()):
            self.__dict__[name] = clean(value)
        return self


class StatsQuery(Input):
    province: str | None = Field(None, max_length=10, description="Official code of the 2025 province, e.g. 96 (Cà Mau)")
    commune: str | None = Field(None, max_length=10, description="Official code of the commune/ward")
    year: str | None = Field(None, max_length=10, description="Year of the recognition decision")
    group: str | None = Field(None, max_length=40,
                              description="Product group code (the group and its sub-groups), e.g. 148-1")
    stars: str | None = Field(None, max_length=10, description="3, 4 or 5")
    status: str | None = Field(None, max_length=20, description="in_force, expired, revoked or superseded, as of today")


def bad_request(exc) -> Status:
    return Status(400, {"detail": str(exc)})
