"""How an HTTP request to a network's API or a WebSub hub leaves this machine: through the proxy the environment
names, trusting the certificates it names.

The environment is read as curl and OpenSSL read it, and only these variables of it (``requests``' own reading is
off, so no ``.netrc`` credential is ever added to a request that carries a token):

- ``https_proxy`` / ``HTTPS_PROXY`` for an ``https://`` URL, ``http_proxy`` / ``HTTP_PROXY`` for an ``http://`` one,
  ``all_proxy`` / ``ALL_PROXY`` for either when its own is unset (lowercase first; an empty value is unset): a
  proxy URL, ``http://`` or ``https://`` (``host:port`` alone is ``http://host:port``), a user and password in it
  sent to the proxy alone;
- ``no_proxy`` / ``NO_PROXY``: hosts reached directly, comma-separated: ``*`` (every host), a domain (itself and
  every host below it, a leading dot or not), an IP address or a network of them (``10.0.0.0/8``), each with or
  without ``:port``;
- ``SSL_CERT_FILE`` (a file of PEM certificates) or else ``SSL_CERT_DIR`` (a folder of them; of several, the
  first): the certificates a server's is checked against, as for SMTP (:mod:`jiading_cli.share.trust`), in place
  of the bundle ``requests`` ships.

A value that cannot be used as it is (a proxy URL of another scheme, without a host, with a port out of range;
certificates that cannot be read) is a :class:`RouteError` naming the variable, never a request sent another way
than the one asked for. A password is never shown.
"""

from __future__ import annotations

import ipaddress
import os
import ssl
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from jiading_cli.base.filekinds import kind
from jiading_cli.base.iphosts import ip_address, split_port, unbracketed
from jiading_cli.base.printable import quoted

if TYPE_CHECKING:
    import requests

SCHEMES = ("http", "https")


class RouteError(Exception):
    """A variable of the environment names a proxy or certificates that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class Route:
    """The proxy for each scheme (none: direct), the hosts reached directly, the certificates trusted."""

    proxies: Mapping[str, str] = field(default_factory=dict)  # "http" / "https" -> the proxy's URL
    direct: tuple[str, ...] = ()  # the entries of no_proxy, lowercased
    verify: str | bool = True  # True: the bundle requests ships

    @classmethod
    def of(cls, env: Mapping[str, str]) -> Route:
        """The route ``env`` names; :class:`RouteError` for a value that cannot be used."""
        proxies: dict[str, str] = {}
        for scheme in SCHEMES:
            found = _first(env, f"{scheme}_proxy") or _first(env, "all_proxy")
            if found is not None:
                proxies[scheme] = _proxy(*found)
        direct = _first(env, "no_proxy")
        entries = tuple(part.strip().lower() for part in direct[1].split(",")) if direct else ()
        return cls(proxies, tuple(entry for entry in entries if entry), _verify(env))

    def proxy_for(self, url: str) -> dict[str, str]:
        """The proxy ``url`` goes through, as ``requests`` takes it (empty: direct)."""
        parts = urlsplit(url)
        proxy = self.proxies.get(parts.scheme.lower())
        if proxy is None or _bypassed(parts.hostname or "", parts.port, parts.scheme.lower(), self.direct):
            return {}
        return {parts.scheme.lower(): proxy}


def session(route: Route, agent: str) -> requests.Session:
    """A session sending every request by ``route``, with ``agent`` as its User-Agent, reading nothing else of the
    environment."""
    made = _session_class()(route)
    made.headers["User-Agent"] = agent
    return made


@cache
def _session_class() -> Callable[[Route], requests.Session]:
    import requests

    class Routed(requests.Session):
        def __init__(self, route: Route) -> None:
            super().__init__()
            self.trust_env = False  # no proxy, certificates or .netrc credentials but those the route names
            self.route = route
            self.verify = route.verify

        def merge_environment_settings(self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any) -> Any:
            settings: Any = super().merge_environment_settings(url, proxies, stream, verify, cert)
            settings["proxies"] = {**self.route.proxy_for(str(url)), **(proxies or {})}
            return settings

    return Routed


def _first(env: Mapping[str, str], name: str) -> tuple[str, str] | None:
    """The variable's name and value, the lowercase spelling first; None when both are unset or empty."""
    for spelled in (name, name.upper()):
        value = env.get(spelled, "")
        if value.strip():
            return spelled, value.strip()
    return None


def _proxy(name: str, value: str) -> str:
    """The proxy URL ``value`` of variable ``name``, with its scheme; :class:`RouteError` when it cannot be one."""
    url = value if "://" in value else f"http://{value}"
    expected = "expected a proxy URL such as http://proxy.example.com:3128 (http or https)"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RouteError(f"{name} names {_hidden(value)}: {expected}, or {name} unset") from None
    if parts.scheme.lower() not in SCHEMES:
        said = f"a {parts.scheme} proxy, which is not supported"
        raise RouteError(f"{name} names {_hidden(value)}, {said}: {expected}, or {name} unset")
    if not parts.hostname or port == 0 or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise RouteError(f"{name} names {_hidden(value)}: {expected}, or {name} unset")
    return url


def _hidden(value: str) -> str:
    """``value`` quoted, a password in it shown as ``***``."""
    scheme, sep, rest = value.rpartition("://")
    who, at, where = rest.rpartition("@")
    if at and ":" in who:
        rest = f"{who.partition(':')[0]}:***@{where}"
    return quoted(f"{scheme}{sep}{rest}")


def _bypassed(host: str, port: int | None, scheme: str, direct: tuple[str, ...]) -> bool:
    """Whether ``no_proxy`` (``direct``) says ``host`` is reached directly."""
    host = host.lower().rstrip(".")
    port = port or (443 if scheme == "https" else 80)
    for entry in direct:
        if entry == "*":
            return True
        name, wanted = _entry_port(entry)
        if wanted is not None and wanted != port:
            continue
        if _same_address(host, name) or (name and (host == name or host.endswith(f".{name}"))):
            return True
    return False


def _entry_port(entry: str) -> tuple[str, int | None]:
    """An entry of ``no_proxy`` as (host, domain or network; its port, if it names one)."""
    if entry.startswith("["):  # [::1]:8080
        inside, port = split_port(entry)
        return unbracketed(inside), int(port) if port.isdigit() else None
    if entry.count(":") == 1:
        name, _, port = entry.partition(":")
        return name.lstrip(".").rstrip("."), int(port) if port.isdigit() else None
    return entry.lstrip(".").rstrip("."), None


def _same_address(host: str, name: str) -> bool:
    """Whether ``host`` is the IP address ``name``, or one of the network ``name``."""
    address = ip_address(host, bare=True, zone=True)
    try:
        return address is not None and address in ipaddress.ip_network(name, strict=False)
    except ValueError:
        return False


def _verify(env: Mapping[str, str]) -> str | bool:
    """The certificates a server's is checked against: what SSL_CERT_FILE, else SSL_CERT_DIR, names (each that is
    set looked at, as OpenSSL reads both); True for the bundle ``requests`` ships."""
    cafile = env.get("SSL_CERT_FILE", "")
    if cafile:
        problem = file_problem(cafile)
        if problem:
            raise RouteError(f"SSL_CERT_FILE names {quoted(cafile)}, {problem}: {_unset('SSL_CERT_FILE', 'file')}")
    folders = [part for part in env.get("SSL_CERT_DIR", "").split(os.pathsep) if part]
    if not all(Path(part).is_dir() for part in folders):
        shown = quoted(env["SSL_CERT_DIR"])
        raise RouteError(f"SSL_CERT_DIR names {shown}, which is not a folder: {_unset('SSL_CERT_DIR', 'folder')}")
    return cafile or (folders[0] if folders else True)


def _unset(name: str, what: str) -> str:
    return f"expected a {what} of PEM certificates, or {name} unset for the certificates jiading ships with"


def file_problem(path: str) -> str | None:
    """Why ``path`` is no file of certificates (None: it is one): looked at without opening anything but a regular
    file, so a FIFO is never waited on."""
    try:
        info = Path(path).stat()
    except OSError as exc:
        return f"which cannot be read ({exc.strerror})"
    if not stat.S_ISREG(info.st_mode):
        return f"which is {kind(info.st_mode)}"
    probe = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        probe.load_verify_locations(cafile=path)
    except (ssl.SSLError, OSError, ValueError):
        return "which holds no certificate"
    return None
