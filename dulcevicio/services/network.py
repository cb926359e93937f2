"""What the app keeps of a visitor's IP address: a keyed hash (to match rows from the same
address without storing it) and a masked network (to show roughly where a sign-in came
from). The full address is never stored."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from flask import current_app, request

IPV4_PREFIX = 24  # 201.141.23.0/24: the neighbourhood, not the house
IPV6_PREFIX = 48


def client_ip() -> str | None:
    """The request's client address (ProxyFix has applied the router's X-Forwarded-For)."""
    return request.remote_addr


def ip_hash(ip: str | None) -> str | None:
    """A keyed SHA-256 of the address (keyed with SECRET_KEY: the 4 billion IPv4 addresses
    cannot be hashed one by one to reverse it without the key), or None without one."""
    if not ip:
        return None
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()[:32]


def masked_network(ip: str | None) -> str | None:
    """The address's network: IPv4 /24, IPv6 /48 (None if it is not an IP address)."""
    try:
        address = ipaddress.ip_address(ip or "")
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))
