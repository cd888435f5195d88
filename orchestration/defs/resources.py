"""Resources: where the warehouse lives and where reports arrive; shared run policies.

Paths come from `ingest.settings.Settings` (the environment, with the same defaults as `make
run`); tests pass their own `WarehouseResource` instead of touching the environment.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from dagster import (
    Backoff,
    ConfigurableResource,
    Failure,
    InitResourceContext,
    Jitter,
    RetryPolicy,
)

from ingest.settings import HOME_DEFAULT, INBOX_DEFAULT, MAX_FILE_MB_DEFAULT, Settings
from orchestration.defs.instance import run_owner_tags
from orchestration.runlock import HomeBusy, hold_until_exit

# Every step that writes the working warehouse (ingest, dbt, the quality rules) or needs it
# quiet (publish) claims this pool: DuckDB allows one read-write process per file.
WAREHOUSE_POOL = "baocao_warehouse"
# Runs carrying this tag are queued one at a time by the run queue (see instance.py).
WAREHOUSE_RUN_TAG = "baocao/warehouse"

# Transient failures (a DuckDB lock held by a reader or another process) get three more
# tries, about 1 s, 2 s, 4 s apart (jitter: two waiting runs do not collide again). Anything
# else fails at once (see `retry_only_transient`): a failing dbt test or rule is not
# going to pass on a second try.
TRANSIENT_RETRY = RetryPolicy(
    max_retries=3, delay=1.0, backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS
)
_LOCK_MESSAGES = ("Could not set lock on file", "Conflicting lock is held")


def is_lock_error(exc: BaseException) -> bool:
    """DuckDB refused the file because another process holds it (one writer, or readers)."""
    return any(message in str(exc) for message in _LOCK_MESSAGES)


@contextmanager
def retry_only_transient() -> Iterator[None]:
    """Let TRANSIENT_RETRY retry lock errors only; turn any other error into a final one."""
    try:
        yield
    except Exception as exc:
        if is_lock_error(exc) or (isinstance(exc, Failure) and not exc.allow_retries):
            raise
        # dagster-dbt's errors are Failures that allow retries: they must not either.
        raise Failure(
            description=f"{type(exc).__name__}: {exc}"[:4000], allow_retries=False
        ) from exc


class WarehouseResource(ConfigurableResource):
    """The working warehouse ($BAOCAO_HOME) and the inbox ($BAOCAO_INBOX).

    A run that uses it holds the home lock (`orchestration.runlock`) from its first step
    until its process exits, so runs that `make ui` launches never overlap `python -m orchestration run`
    (which already holds the lock: the lock is re-entrant in a process). The run is tagged
    with this process's pid, so that after a SIGKILL the next CLI run can mark it failed.
    """

    home: str = HOME_DEFAULT
    inbox: str = INBOX_DEFAULT
    max_file_mb: int = MAX_FILE_MB_DEFAULT

    @classmethod
    def from_env(cls) -> WarehouseResource:
        # Resolved here, where the Definitions load: run workers may start elsewhere.
        return cls.of(Settings.from_env())

    @classmethod
    def of(cls, settings: Settings) -> WarehouseResource:
        return cls(
            home=str(settings.home), inbox=str(settings.inbox), max_file_mb=settings.max_file_mb
        )

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # Only inside a run (sensors use this resource too, and must never take the lock).
        # Held until the run worker exits: each launched run is its own process. Not a
        # teardown: that would make the resource a context manager for sensors as well.
        if not context.run_id:
            return
        try:
            held = hold_until_exit(
                self.settings.home,
                self.settings.lock_timeout,
                what=f"dagster run {context.run_id}",
            )
        except HomeBusy as exc:
            raise Failure(description=str(exc), allow_retries=False) from exc
        if context.instance is not None and not held.reentered:
            context.instance.add_run_tags(context.run_id, run_owner_tags())

    @property
    def settings(self) -> Settings:
        # The rest (workers, lock timeout) from the environment of the process using it.
        return replace(Settings.from_env(self.inbox, self.home), max_file_mb=self.max_file_mb)
