"""The TLS context of `ladder serve --certfile/--keyfile`, with errors that name the file at fault."""

from __future__ import annotations

import ssl
from collections.abc import Callable
from pathlib import Path


class TLSError(ValueError):
    """A certificate or key that cannot be used; the message names the file and fits one line."""


def _readable(option: str, path: str) -> None:
    try:
        Path(path).read_bytes()
    except OSError as exc:
        raise TLSError(f"cannot read {option} {path}: {exc.strerror or exc}") from None


def _no_passphrase(key: str) -> Callable[[], bytes]:
    """Called only for an encrypted key: refuse it rather than prompt in the terminal."""

    def refuse() -> bytes:
        raise TLSError(f"the key in {key} is protected by a passphrase; give a key without one")

    return refuse


def server_context(certfile: str | None, keyfile: str | None) -> ssl.SSLContext | None:
    """An HTTPS server context, or None without a certificate. The key may sit in the certificate file."""
    if certfile is None:
        if keyfile is not None:
            raise TLSError(f"--keyfile {keyfile} needs --certfile (the certificate it belongs to)")
        return None
    _readable("--certfile", certfile)
    if keyfile is not None:
        _readable("--keyfile", keyfile)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_verify_locations(cafile=certfile)  # parses the certificate alone
    except (ssl.SSLError, ValueError):
        raise TLSError(f"--certfile {certfile} holds no PEM certificate") from None
    try:
        context.load_cert_chain(certfile, keyfile, password=_no_passphrase(keyfile or certfile))
    except ssl.SSLError as exc:
        key = keyfile or certfile
        if "KEY_VALUES_MISMATCH" in str(exc) or "key values mismatch" in str(exc):
            raise TLSError(f"the key in {key} does not match the certificate in {certfile}") from None
        raise TLSError(f"{'--keyfile' if keyfile else '--certfile'} {key} holds no usable PEM private key") from None
    return context
