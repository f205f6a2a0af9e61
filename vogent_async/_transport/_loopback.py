"""Whether a host is this machine: where plain ``http://`` may carry a secret."""

from __future__ import annotations

import ipaddress

__all__ = ["is_loopback"]


def is_loopback(host: str) -> bool:
    """``localhost`` itself or a literal loopback address; never a name to resolve.

    A name under ``.localhost`` is not loopback here: it is resolved like any other.
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
