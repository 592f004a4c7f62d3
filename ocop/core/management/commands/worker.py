from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from ocop.core import scheduler


class Command(DbWorkerCommand):
    help = "Run background tasks (django-tasks-db's worker) and the daily jobs (OCOP_DAILY_JOBS), no cron needed; periodic jobs (OCOP_PERIODIC_JOBS) every few seconds."

    def handle(self, *args, **options):
        scheduler.start()
        scheduler.start_periodic()
        return super().handle(*args, **options)
