"""Locust users for the HTTP writes figure (bench/city/writes.py): each POSTs gatherings of
one process as fast as answers come back (no wait between requests)."""

from __future__ import annotations

import itertools
import json
import os

from locust import constant, task
from locust.contrib.fasthttp import FastHttpUser

_COUNT = itertools.count()


class Writer(FastHttpUser):
    wait_time = constant(0)

    @task
    def record_a_gathering(self) -> None:
        n = next(_COUNT)
        body = {"process_id": os.environ["KL_PROCESS"], "format": "open_assembly",
                "title": f"Versammlung {n}", "held_on": "2024-03-01"}
        with self.client.post(
            "/v1/gatherings", data=json.dumps(body), catch_response=True,
            headers={"Authorization": f"Bearer {os.environ['KL_TOKEN']}",
                     "Content-Type": "application/json"},
        ) as response:
            if response.status_code != 201:
                response.failure(f"{response.status_code}: {response.text[:200]}")
