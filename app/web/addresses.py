"""The address a limit counts a request under: an IPv4 client by its address, an IPv6 client
by its network (a subscriber is given a whole /64 and may send from any address in it)."""

from __future__ import annotations

import ipaddress

from flask_limiter.util import get_remote_address

from app.web.settings import settings


def limit_key() -> str:
    """The client's address for the limits: IPv4 as it is, IPv6 cut to its first
    RATE_LIMIT_IPV6_PREFIX bits (`2001:db8:1:2::/64`), so that a client cannot get a fresh
    quota for every address of its own network."""
    address = get_remote_address()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # no address at all (a test or a unix socket): counted as it comes
        return address
    if ip.version == 4:
        return address
    if ip.ipv4_mapped is not None:  # ::ffff:192.0.2.1 is an IPv4 client
        return str(ip.ipv4_mapped)
    prefix = settings().rate_limit_ipv6_prefix
    return str(ipaddress.ip_network((ip, prefix), strict=False))
