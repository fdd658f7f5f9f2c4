"""Small, forgiving readers for SIP text: header blocks, name-addr values, log scrubbing.

The stack hands us whole messages as text. Callers' values can be anything a peer sends (10 kB
display names, bytes that are not UTF-8, missing hosts), so nothing here raises on odd input.
"""

from __future__ import annotations

import re

from app.telephony.events import Headers, RemoteParty

# RFC 3261 compact header forms, so callers can always ask for the long name.
_COMPACT = {
    "i": "Call-ID",
    "m": "Contact",
    "e": "Content-Encoding",
    "l": "Content-Length",
    "c": "Content-Type",
    "f": "From",
    "s": "Subject",
    "k": "Supported",
    "t": "To",
    "v": "Via",
    "r": "Refer-To",
    "b": "Referred-By",
}

MAX_HEADER_VALUE = 4096  # longer values are cut: a screen-pop never needs more


def clean_text(value: str, limit: int = MAX_HEADER_VALUE) -> str:
    """Make peer-supplied text safe to show and store: valid Unicode, no controls, bounded."""
    # SWIG hands undecodable bytes over as lone surrogates (surrogateescape); replace them.
    value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    value = "".join(ch if ch.isprintable() or ch == " " else " " for ch in value)
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return value.strip()


def _header_pairs(message: str) -> list[tuple[str, str]]:
    """Raw (name, value) pairs of a message's header block, folding undone, compact names long."""
    head = message.replace("\r\n", "\n").split("\n\n", 1)[0]
    pairs: list[tuple[str, str]] = []
    for line in head.split("\n")[1:]:  # skip the request/status line
        if not line:
            continue
        if line[0] in " \t" and pairs:  # folded continuation line
            name, value = pairs[-1]
            pairs[-1] = (name, f"{value} {line.strip()}")
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        name = name.strip()
        name = _COMPACT.get(name.lower(), name) if len(name) == 1 else name
        pairs.append((name, value.strip()))
    return pairs


def parse_headers(message: str) -> Headers:
    """The header fields of a SIP message (start line and body excluded), as clean text."""
    return Headers.of((clean_text(n, 128), clean_text(v)) for n, v in _header_pairs(message))


def raw_header(message: str, name: str) -> str:
    """The first value of one header, unbounded (for parsers that bound what they keep)."""
    wanted = name.lower()
    return next((v for n, v in _header_pairs(message) if n.lower() == wanted), "")


_NAME_ADDR = re.compile(
    r'^\s*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<token>[^<"]*?))\s*<(?P<uri>[^>]*)>'
)


def parse_name_addr(value: str) -> RemoteParty:
    """``"Name" <sip:user@host>;tag=x`` -> RemoteParty(uri, display name, user)."""
    value = clean_text(value, 65536)  # parse whole, bound the parts: a long name keeps its URI
    match = _NAME_ADDR.match(value)
    if match:
        display = match.group("quoted")
        if display is not None:
            display = re.sub(r"\\(.)", r"\1", display)
        else:
            display = match.group("token") or ""
        uri = match.group("uri").strip()
    else:
        display = ""
        uri = value.split(";", 1)[0].strip()  # addr-spec form: params after ; belong to the header
    uri = clean_text(uri, 512)
    return RemoteParty(uri=uri, display_name=clean_text(display, 256), user=uri_user(uri))


def uri_user(uri: str) -> str:
    """The user part of a SIP or tel URI (the number, usually), '' when there is none."""
    rest = uri
    for scheme in ("sips:", "sip:", "tel:"):
        if rest.lower().startswith(scheme):
            rest = rest[len(scheme) :]
            break
    if uri.lower().startswith("tel:"):
        return rest.split(";", 1)[0]
    if "@" not in rest:
        return ""
    user = rest.split("@", 1)[0]
    return user.split(";", 1)[0].split(":", 1)[0]


_SDP_RANGES = frozenset({"application/sdp", "application/*", "*/*"})


def accepts_sdp(accept_values: list[str]) -> bool:
    """Whether a request's Accept headers let our answer carry SDP (RFC 3261 20.1: no Accept
    means application/sdp). An empty one is taken leniently as no preference."""
    ranges = [part.split(";", 1)[0].strip().lower()
              for value in accept_values for part in value.split(",")]
    ranges = [r for r in ranges if r]
    return not ranges or any(r in _SDP_RANGES for r in ranges)


_SECRET_HEADER = re.compile(
    # X-CaseLine-Monitor: a monitoring grant's one-time token (usable until claimed).
    r"^(?P<name>(?:Proxy-)?Authorization|(?:Proxy-)?Authenticate-Info|X-CaseLine-Monitor)"
    r"\s*:.*$",
    re.IGNORECASE | re.MULTILINE,
)


# Secrets this process was handed (account passwords): never written out, whatever logs them.
_SECRETS: set[str] = set()
MIN_SECRET = 4  # shorter values would blank out ordinary digits in every line


def redact(secret: str | None) -> None:
    """Remember a secret so that ``scrub`` removes it from any text from now on."""
    if secret and len(secret) >= MIN_SECRET:
        _SECRETS.add(secret)


def scrub(text: str) -> str:
    """Remove credentials from SIP text (and any text) before it reaches a log."""
    text = _SECRET_HEADER.sub(lambda m: f"{m.group('name')}: <redacted>", text)
    for secret in tuple(_SECRETS):  # a copy: another thread may add one meanwhile
        if secret in text:
            text = text.replace(secret, "<redacted>")
    return text
