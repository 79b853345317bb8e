"""Checks a ``--scheduler`` address before connecting: scheme, host and port, and tls certificates.

A malformed address would otherwise cost the connection timeout (and a cryptic message):
``localhost`` without a port, ``http://`` (the dashboard, not the scheduler), or
``tls://`` with no certificates configured are refused at once with one line.
"""

from __future__ import annotations

import os
import re
from typing import Any

from planner.errors import InputError, Problem

SCHEMES = ("tcp", "tls")
_ADDRESS_RE = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*)://(?P<host>\[[0-9a-fA-F:]+\]|[^:/\s]+):(?P<port>\d+)/?$"
)
_TLS_KEYS = ("ca-file", "cert", "key")


def _refuse(message: str) -> InputError:
    return InputError(Problem("--scheduler", message))


def check_scheduler(address: str, config: dict[str, Any] | None = None) -> str:
    """Refuse an address that cannot be a Dask scheduler's, in one line; returns it stripped.

    Args:
        address: As given, e.g. ``tcp://10.0.0.5:8786`` or ``tls://sched.example:8786``.
        config: ``{"ca-file", "cert", "key"}`` of the client's tls settings (read from
            dask's ``distributed.comm.tls`` when None).

    Raises:
        InputError: Located at ``--scheduler``.
    """
    text = address.strip()
    if "://" not in text:
        raise _refuse(
            f"{address!r} has no scheme: give tcp://HOST:PORT (trusted network) or "
            "tls://HOST:PORT, e.g. tcp://127.0.0.1:8786"
        )
    match = _ADDRESS_RE.match(text)
    scheme = text.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        raise _refuse(
            f"{address!r}: the scheme must be tcp:// or tls://, not {scheme}:// (the dashboard's "
            "http:// address is not the scheduler's; the scheduler listens on port 8786 by default)"
        )
    if match is None:
        raise _refuse(f"{address!r}: give {scheme}://HOST:PORT, e.g. {scheme}://127.0.0.1:8786")
    port = int(match["port"])
    if not 0 < port < 65536:
        raise _refuse(f"{address!r}: port {port} is not a TCP port (1 to 65535)")
    if scheme == "tls":
        _check_tls(address, _tls_config() if config is None else config)
    return text


def _tls_config() -> dict[str, Any]:
    try:
        import dask
    except ImportError:  # the distributed extra is missing: reported when connecting
        return {k: "?" for k in _TLS_KEYS}
    paths = {
        "ca-file": "distributed.comm.tls.ca-file",
        "cert": "distributed.comm.tls.client.cert",
        "key": "distributed.comm.tls.client.key",
    }  # dask.config.get treats ca-file and ca_file (from the environment) alike
    return {k: dask.config.get(path, None) for k, path in paths.items()}


def _check_tls(address: str, config: dict[str, Any]) -> None:
    missing = [k for k in _TLS_KEYS if not config.get(k)]
    if missing:
        raise _refuse(
            f"{address!r}: tls:// needs certificates, but dask's distributed.comm.tls has no "
            f"{', '.join(missing)}; set "
            "DASK_DISTRIBUTED__COMM__TLS__CA_FILE, DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT "
            "and DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY (see docs/limits.md)"
        )
    unreadable = [str(config[k]) for k in _TLS_KEYS if not os.path.isfile(str(config[k]))]
    if unreadable:
        raise _refuse(f"{address!r}: certificate files not found: {', '.join(unreadable)}")
