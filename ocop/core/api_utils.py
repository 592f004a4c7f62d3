from ninja import Status, Schema
from pydantic import Field


class StatsQuery(Schema):
    province: str | None = Field(None, description="Official code of the 2025 province, e.g. 96 (Cà Mau)")
    commune: str | None = Field(None, description="Official code of the commune/ward")
    year: str | None = Field(None, description="Year of the recognition decision")
    group: str | None = Field(None, description="Product group code (the group and its sub-groups), e.g. 148-1")
    stars: str | None = Field(None, description="3, 4 or 5")
    status: str | None = Field(None, description="in_force, expired, revoked or superseded, as of today")


def bad_request(exc) -> Status:
    return Status(400, {"detail": str(exc)})
