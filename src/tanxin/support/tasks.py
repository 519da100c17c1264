"""Background work of the support fund (run by the task worker; schedule ``close_due_windows`` every few minutes)."""

from __future__ import annotations

from django_tasks import task


@task()
def close_due_windows() -> list[int]:
    """Close the application window of every scheme whose deadline has passed (workflow role SYSTEM)."""
    from tanxin.support.services.schemes import close_due_windows as close

    return close()
