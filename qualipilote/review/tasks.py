"""The review's generation, in the background (see review.services.execute_generation)."""

from huey.contrib.djhuey import db_task

from .services import execute_generation


@db_task()
def run_generation(generation_id: int) -> None:
    execute_generation(generation_id)
