"""`ladder serve --certfile/--keyfile`: HTTPS and wss with a self-signed certificate made here
(openssl), and a one-line error naming the file for a certificate or key that cannot be used."""

from __future__ import annotations

import asyncio
import shutil
import ssl
import subprocess
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.servekit import TITLE, client, join, screen_text, serve


def make_cert(folder: Path, name: str = "room") -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (skips if openssl is missing)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed (and the cryptography package is not either)")
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        + ["-keyout", str(key), "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=30,
    )
    return cert, key


def test_https_serves_the_page_and_a_wss_game(tmp_path: Path) -> None:
    cert, key = make_cert(tmp_path)
    trust = ssl.create_default_context(cafile=str(cert))
    for served in serve(tmp_path, "--certfile", str(cert), "--keyfile", str(key)):
        url = f"https://127.0.0.1:{served.port}/"
        with urllib.request.urlopen(url, timeout=20, context=trust) as page:  # noqa: S310 - our own server
            html = page.read().decode()
        assert page.status == 200 and 'action="/join"' in html

        async def main(port: int) -> str:
            async with client() as http:
                await join(http, f"https://127.0.0.1:{port}/", "Ann", ssl=trust)
                cookie = next(c for c in http.cookie_jar if c.key.startswith("ladder_session"))
                assert cookie["secure"] and cookie["httponly"]  # over HTTPS the resume cookie is Secure
                async with http.get(f"https://127.0.0.1:{port}/", ssl=trust) as page:
                    assert f"wss://127.0.0.1:{port}/ws" in await page.text()
                async with http.ws_connect(f"wss://127.0.0.1:{port}/ws?width=100&height=30", ssl=trust) as ws:
                    return await screen_text(ws, TITLE)

        assert TITLE in asyncio.run(main(served.port))
        with pytest.raises(OSError):  # plain HTTP is not answered on the HTTPS port
            urllib.request.urlopen(f"http://127.0.0.1:{served.port}/", timeout=5)  # noqa: S310


def run_serve(*args: str) -> tuple[int, str]:
    from sim.cli import cli

    result = CliRunner().invoke(cli, ["serve", *args])
    return result.exit_code, result.output


def test_a_certificate_or_key_that_cannot_be_used_is_one_line_naming_the_file(tmp_path: Path) -> None:
    cert, key = make_cert(tmp_path)
    _, other_key = make_cert(tmp_path, "other")
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    missing = tmp_path / "missing.crt"
    locked = tmp_path / "locked.key"
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-aes256", "-passout", "pass:room", "-out", str(locked)],
        check=True,
        capture_output=True,
        timeout=30,
    )
    cases = [
        (["--certfile", str(missing), "--keyfile", str(key)], f"cannot read --certfile {missing}"),
        (["--certfile", str(cert), "--keyfile", str(missing)], f"cannot read --keyfile {missing}"),
        (["--certfile", str(junk), "--keyfile", str(key)], f"--certfile {junk} holds no PEM certificate"),
        (["--certfile", str(cert), "--keyfile", str(junk)], f"--keyfile {junk} holds no usable PEM private key"),
        (["--certfile", str(cert), "--keyfile", str(other_key)], f"the key in {other_key} does not match"),
        (["--certfile", str(cert), "--keyfile", str(locked)], f"the key in {locked} is protected by a passphrase"),
        (["--certfile", str(cert)], f"--certfile {cert} holds no usable PEM private key"),
        (["--keyfile", str(key)], "needs --certfile"),
    ]
    for args, message in cases:
        code, output = run_serve(*args, "--data-dir", str(tmp_path / "data"))
        assert code == 1, (args, output)
        assert message in output and output.count("\n") == 1 and "Traceback" not in output, output


def test_the_key_may_sit_in_the_certificate_file(tmp_path: Path) -> None:
    from sim.web.tls import server_context

    cert, key = make_cert(tmp_path)
    both = tmp_path / "both.pem"
    both.write_text(cert.read_text() + key.read_text())
    assert isinstance(server_context(str(both), None), ssl.SSLContext)
    assert server_context(None, None) is None
