from django.tasks import task

from .opendata_files import open_data_files_make


@task()
def open_data_files_task() -> list[str]:
    """The open data's files for the register's current version, made in the worker after a change."""
    return open_data_files_make()
