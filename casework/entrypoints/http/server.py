"""Running the service: JSON logs on standard error and uvicorn on one address."""

from __future__ import annotations

import logging
import os
import sys
from typing import TYPE_CHECKING

from casework.entrypoints.http.observability import JsonFormatter

if TYPE_CHECKING:
    from casework.bootstrap import App

# Addresses of the reverse proxy whose X-Forwarded-For uvicorn believes (docs/deploy.md).
TRUSTED_PROXIES = "CASEWORK_TRUSTED_PROXIES"


def configure_logging() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger("casework")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    root.propagate = False


def run(app: App, host: str, port: int) -> None:
    import uvicorn

    from casework.entrypoints.http.app import create_app

    configure_logging()
    asgi = create_app(app)
    logging.getLogger("casework.http").info(
        "serving", extra={"fields": {"host": host, "port": port}}
    )
    uvicorn.run(
        asgi,
        host=host,
        port=port,
        access_log=False,  # casework's own access log: JSON, never a query string
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get(TRUSTED_PROXIES, "127.0.0.1"),
        log_level="warning",
    )
