"""Work on a Dask distributed cluster: a local one of N worker processes, or a real one by its
scheduler's address.

The archive hands its batches to an Executor (the standard library's interface): the index's
parts (reading, normalizing, postings) and the tagging of articles run as tasks on the
cluster's workers, and come back in order to this process, which merges and saves them. A
worker reads the files itself, so the corpus must be at the same path on every worker
(shared storage); what a task returns travels back through the scheduler.

`distributed` is an optional dependency (the `cluster` extra): without it, or without a
scheduler at the address, ClusterUnavailable says so and nothing else happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from corpus.errors import AkhbarError
from corpus.processes import ONE_THREAD, starting_helpers

__all__ = ["Cluster", "ClusterUnavailable", "open_cluster"]

CONNECT_SECONDS = 10
"""How long to wait for a scheduler, or for a local cluster's workers to start."""


class ClusterUnavailable(AkhbarError, RuntimeError):
    """No cluster could be had: `distributed` is not installed, or no scheduler answered."""


PARTS_PER_WORKER = 2
"""An index is built in this many parts per worker: a worker done early takes another."""


@dataclass(frozen=True)
class Cluster:
    """Where tasks run, and how many workers take them."""

    executor: Executor
    workers: int

    @property
    def parts(self) -> int:
        """How many parts an index is built in."""
        return max(1, self.workers * PARTS_PER_WORKER)


@contextmanager
def open_cluster(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Cluster]:
    """A cluster to run tasks on: a local one of `workers` processes (one thread each), or the
    one whose scheduler is at `scheduler`; closed on leaving."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterUnavailable(
            "a cluster needs Dask distributed: pip install 'akhbar[cluster]' (or 'distributed')"
        ) from error
    cluster: Any = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout=CONNECT_SECONDS, set_as_default=False)
        else:
            with starting_helpers():  # workers are fresh interpreters that never run this script
                cluster = LocalCluster(
                    n_workers=max(1, workers or 1),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    env=dict(ONE_THREAD),
                )
            client = Client(cluster, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError, RuntimeError) as error:
        if cluster is not None:
            cluster.close()
        where = f"the scheduler at {scheduler}" if scheduler is not None else "a local cluster"
        raise ClusterUnavailable(f"no cluster: {where} could not be reached ({error})") from error
    try:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)  # a scheduler with no worker would wait for ever
        except (OSError, TimeoutError) as error:
            where = f"the scheduler at {scheduler}" if scheduler is not None else "the local cluster"
            raise ClusterUnavailable(f"no cluster: {where} has no worker ({error})") from error
        count = len(client.scheduler_info().get("workers", {})) or max(1, workers or 1)
        yield Cluster(client.get_executor(pure=False), count)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
