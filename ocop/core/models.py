from django.db import models


class DailyRun(models.Model):
    """One row per daily job per day: whichever worker inserts it first runs the job (see scheduler.py)."""

    job = models.CharField(max_length=60)
    day = models.DateField()
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="daily_run_once")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
