"""What is kept of an IP address: a keyed hash and a masked network (pure rules)."""

import pytest

from dulcevicio.services import network


@pytest.mark.parametrize(
    ("ip", "masked"),
    [
        ("201.141.23.77", "201.141.23.0/24"),
        ("::ffff:201.141.23.77", "201.141.23.0/24"),
        ("2806:10be:7:2a1f::1", "2806:10be:7::/48"),
        ("no es una ip", None),
        ("", None),
        (None, None),
    ],
)
def test_masked_network_keeps_the_neighbourhood_only(ip, masked):
    assert network.masked_network(ip) == masked


def test_the_ip_hash_is_keyed_and_stable(app):
    with app.app_context():
        first = network.ip_hash("201.141.23.77")
        assert first == network.ip_hash("201.141.23.77")
        assert first != network.ip_hash("201.141.23.78")
        assert "201" not in first and len(first) == 32
        assert network.ip_hash(None) is None
        app.config["SECRET_KEY"] = "otra-clave"
        assert network.ip_hash("201.141.23.77") != first
