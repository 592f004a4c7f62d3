"""What an import reports: every problem with its row and column, and what it created or changed."""

from dataclasses import asdict, dataclass, field


@dataclass
class Problem:
    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    dry_run: bool = False
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    created: dict = field(default_factory=lambda: {"producers": 0, "products": 0, "recognitions": 0})
    updated: dict = field(default_factory=lambda: {"producers": 0, "products": 0, "recognitions": 0})
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        data = asdict(self) | {"ok": self.ok}
        return data
