"""The generated nginx config: nginx accepts it, and from any replica a browser is on, the failover steps try
every other replica exactly once before giving up."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile import ROOT

sys.path.insert(0, str(ROOT / "deploy"))

import proxy

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_nginx_accepts_the_config(count: int, tmp_path: Path) -> None:
    replicas = [f"127.0.0.1:{20000 + i}" for i in range(count)]
    config = tmp_path / "nginx.conf"
    config.write_text(proxy.nginx_config(replicas, "127.0.0.1:19999", str(tmp_path)), encoding="utf-8")
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def ring(text: str) -> dict[str, list[str]]:
    """For each replica a browser may be sent to first, the replicas the steps try, in order."""
    maps = {
        int(k): dict(re.findall(r"(replica_\d+) (replica_\d+);", body))
        for k, body in re.findall(r"map \$try_0 \$try_(\d+) \{(.*?)\}", text, re.S)
    }
    first = sorted(set(re.findall(r"upstream (replica_\d+)", text)))
    return {name: [name, *(maps[k][name] for k in sorted(maps))] for name in first}


@pytest.mark.parametrize("count", [2, 3, 4])
def test_every_replica_is_tried_once_from_any_replica(count: int) -> None:
    text = proxy.nginx_config([f"app-{i}:8501" for i in range(count)], "80")
    orders = ring(text)
    assert len(orders) == count
    for order in orders.values():
        assert sorted(order) == sorted(orders)
    # One location per step, each setting the cookie to the replica it proxies to.
    for k in range(count):
        assert f"proxy_pass http://$try_{k};" in text
        assert f'"app_replica=$try_{k}; Path=/; HttpOnly; SameSite=Lax"' in text
    assert "error_page 502 = @try_1;" in text and f"@try_{count}" not in text


def test_a_production_config_writes_to_the_system_paths_only_when_asked() -> None:
    text = proxy.nginx_config(["app-1:8501", "app-2:8501"], "80")
    assert "daemon off" not in text and "user root" not in text and "/var/log/nginx/access.log" in text
    local = proxy.nginx_config(["app-1:8501", "app-2:8501"], "127.0.0.1:8080", "/tmp/x", run_as_root=False)
    assert "pid /tmp/x/nginx.pid;" in local and "/var/log" not in local
