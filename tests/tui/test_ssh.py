"""docs/ssh.md run for real: sshd on loopback, a key whose authorized_keys entry forces Akhbar.

The test starts its own sshd (own config, host key, port and authorized_keys file; nothing of
the machine's SSH setup is touched) and logs in with the options the recipe gives:
`restrict,pty,command="… akhbar --corpus …"`. It checks that the journalist lands in the app
whatever command the client asks for, that a session without a terminal gets a message
instead of escape sequences, that forwarding, scp and passwords are refused, and that the
corpus is byte for byte the same afterwards. The separate unprivileged account of the recipe
is not created here (CI's Python may live where such an account cannot read it); the test logs
in as the current user, which the forced command restricts just the same.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REQUIRE_TOOLS, need_tool
from tests.tui.tmux import Tmux, written

pytestmark = pytest.mark.tmux

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


def _sshd() -> str:
    found = shutil.which("sshd") or next((p for p in ("/usr/sbin/sshd",) if os.access(p, os.X_OK)), None)
    if found is None:
        if REQUIRE_TOOLS:
            pytest.fail("sshd is not installed (Debian: openssh-server)")
        pytest.skip("sshd is not installed")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _hashes(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Server:
    """An sshd on 127.0.0.1 whose only key runs Akhbar on `corpus`."""

    def __init__(self, root: Path, corpus: Path) -> None:
        self.root = root
        self.port = _free_port()
        self.user = getpass.getuser()
        self.key = root / "client_key"
        keygen = need_tool("ssh-keygen")
        for name in ("host_key", "client_key"):
            subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(root / name)], check=True)
        # The forced command: caches under the test's folder; the corpus as the only input.
        akhbar = " ".join(
            shlex.quote(part)
            for part in (
                "env",
                f"PYTHONPATH={REPO}",
                f"XDG_CACHE_HOME={root / 'cache'}",
                f"XDG_CONFIG_HOME={root / 'config'}",
                sys.executable,
                "-m",
                "tui",
                "--corpus",
                str(corpus),
            )
        )
        public = (root / "client_key.pub").read_text().strip()
        entry = f'restrict,pty,command="{akhbar}" {public}\n'
        keys = root / "authorized_keys"
        keys.write_text(entry)
        keys.chmod(0o600)
        config = root / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {root / 'host_key'}\n"
            f"PidFile {root / 'sshd.pid'}\nAuthorizedKeysFile {keys}\nStrictModes no\nUsePAM no\n"
            "PasswordAuthentication no\nKbdInteractiveAuthentication no\nAuthenticationMethods publickey\n"
            "PermitRootLogin prohibit-password\nPermitTTY yes\nAllowTcpForwarding no\nX11Forwarding no\n"
            "AcceptEnv LANG LC_* COLORTERM\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True)  # sshd's privilege-separation folder
        self.log = root / "sshd.log"
        self.process = subprocess.Popen([_sshd(), "-D", "-e", "-f", str(config)], stderr=self.log.open("w"))
        self._wait_listening()

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"sshd exited: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("sshd never listened")

    def ssh(self, *options: str, key: bool = True) -> list[str]:
        """An ssh command line for this server; `options` go before the destination."""
        return [
            need_tool("ssh"),
            "-p",
            str(self.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-F",
            "/dev/null",
            *(["-i", str(self.key)] if key else []),
            *options,
            f"{self.user}@127.0.0.1",
        ]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def server(tmp_path: Path, corpus: Path) -> Iterator[Server]:
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if REQUIRE_TOOLS:
            pytest.fail("the SSH test runs sshd and needs root")
        pytest.skip("the SSH test runs sshd and needs root")
    root = tmp_path / "ssh"
    root.mkdir()
    running = Server(root, corpus)
    yield running
    running.stop()


def test_a_journalist_lands_in_the_app_whatever_the_client_asks(server: Server, corpus: Path, tmp_path: Path) -> None:
    before = _hashes(corpus)
    status = tmp_path / "ssh-status"
    # The client asks for a shell command; the forced command runs Akhbar instead.
    command = " ".join(shlex.quote(part) for part in server.ssh("-t")) + " 'echo PWNED; id'"
    session = Tmux(f"sh -c {shlex.quote(f'{command}; echo $? > {status}; sleep 30')}", {"TERM": "xterm-256color"})
    try:
        screen = session.wait_for("5 articles", timeout=60)
        assert "PWNED" not in screen and "uid=" not in screen
        session.keys("/لكازاخستان", literal=True)
        session.wait_for("ﻥﺎﺘﺴﺧﺍﺯﺎﻜﻟ")  # what was typed, shaped, in the search box (its first letter alone
        screen = session.wait_for("5 results")  # had 5 results too, over SSH before the rest arrived)
        assert "ﻥﺎﺘﺴﺧﺍﺯﺎﻜﻟ" in screen
        session.press_and_wait("Enter")  # to the results
        session.keys("Enter")  # open the first
        session.wait_for("[Reader]")
        session.keys("C-q")
        session.wait_until(lambda: written(status), "the ssh session ending", timeout=15)
        assert status.read_text().strip() == "0", session.screen()
    finally:
        session.close()
    assert _hashes(corpus) == before
    assert list((tmp_path / "ssh" / "cache").rglob("*")), "the app's caches go to its own directory"


def test_without_a_terminal_the_app_explains_instead_of_drawing(server: Server) -> None:
    done = subprocess.run(
        [*server.ssh("-T"), "echo PWNED"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "PWNED" not in done.stdout and "\x1b" not in done.stdout
    assert "needs a terminal" in done.stderr


def test_forwarding_scp_and_passwords_are_refused(server: Server, tmp_path: Path) -> None:
    # restrict: no port forwarding, so a jump through the server to its own port fails.
    forward = subprocess.run(
        server.ssh("-W", f"127.0.0.1:{server.port}"),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert forward.returncode != 0 and "SSH-" not in forward.stdout
    # scp cannot fetch a file: the forced command answers instead of the file server.
    stolen = tmp_path / "stolen"
    copy = subprocess.run(
        [
            need_tool("scp"),
            "-P",
            str(server.port),
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-i",
            str(server.key),
            f"{server.user}@127.0.0.1:/etc/hostname",
            str(stolen),
        ],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert copy.returncode != 0 and not stolen.exists()
    # Without the key there is no way in: passwords and keyboard-interactive are off.
    password = subprocess.run(
        server.ssh(
            "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive", key=False
        ),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert password.returncode == 255 and "Permission denied" in password.stderr
