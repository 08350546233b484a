"""Debian's Dovecot (dovecot-imapd) started by the tests on 127.0.0.1: IMAPS
with a certificate the test makes, one mailbox (a Maildir) per test.

One server per test module (``dovecot``), started once: each test gets its
own user and Maildir (``imap_account``), one of those made before it started.
The server listens on two free ports: IMAPS, and plain IMAP (STARTTLS at
most), the second for "a server without TLS". Ready means its IMAPS port
answers, waited on rather than slept for. As root, mail is served as
``nobody`` (Dovecot serves no mail to uid 0) and its login processes run as
``dovenull``, as Debian's own configuration has them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support.smtp import free_port
from support.tls import make_certificate

DOVECOT = "/usr/sbin/dovecot"
READY_WITHIN = 20.0
#: Users made for one module's tests.
ACCOUNTS = 24


@dataclass
class Dovecot:
    folder: Path
    imaps_port: int
    plain_port: int
    ca_file: Path
    mail_uid: int
    mail_gid: int
    #: Accounts made at start that no test has had yet.
    unused: list[ImapAccount] = field(default_factory=list)

    @property
    def passwd(self) -> Path:
        return self.folder / "passwd"


@dataclass
class ImapAccount:
    server: Dovecot
    user: str
    password: str
    home: Path

    @property
    def maildir(self) -> Path:
        return self.home / "Maildir"

    def deliver(self, data: bytes) -> Path:
        """``data`` delivered into the Maildir's new/, as a mail server does."""
        name = f"{secrets.token_hex(8)}.M1P{os.getpid()}.testhost"
        target = self.maildir / "new" / name
        target.write_bytes(data)
        os.chown(target, self.server.mail_uid, self.server.mail_gid)
        return target

    def configure(self, peerpact, password_file: Path) -> None:
        """The leader's imap.* settings for this account, the password by command."""
        password_file.write_text(self.password + "\n")
        for key, value in {
            "imap.host": "127.0.0.1",
            "imap.port": str(self.server.imaps_port),
            "imap.user": self.user,
            "imap.ca_file": str(self.server.ca_file),
            "imap.password_command": f"cat {password_file}",
        }.items():
            peerpact("config", "set", key, value)

    def renumber(self) -> None:
        """Make Dovecot give the folder a new UIDVALIDITY, as a server that
        rebuilt its indexes does: its UID list and indexes removed."""
        for path in self.maildir.iterdir():
            if path.name.startswith("dovecot-uidlist") or path.name.startswith("dovecot.index"):
                path.unlink()


def _config(server: Dovecot, run_as: str, login_as: str, group: str) -> str:
    folder = server.folder
    return f"""\
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
instance_name = peerpact-tests-{folder.name}
log_path = {folder}/dovecot.log
default_internal_user = {run_as}
default_internal_group = {group}
default_login_user = {login_as}
ssl = yes
ssl_cert = <{server.ca_file}
ssl_key = <{folder}/key.pem
auth_mechanisms = plain
auth_failure_delay = 0
disable_plaintext_auth = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {server.passwd}
}}
userdb {{
  driver = passwd-file
  args = {server.passwd}
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {server.plain_port}
  }}
  inet_listener imaps {{
    port = {server.imaps_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
"""


def _wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot stopped: {log.read_text() if log.exists() else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return
        time.sleep(0.02)  # waiting for the port to open, not timing anything
    raise RuntimeError(f"dovecot did not listen on {port} within {READY_WITHIN} s")


@pytest.fixture(scope="module")
def dovecot() -> Iterator[Dovecot]:
    if not os.access(DOVECOT, os.X_OK):
        pytest.skip("Dovecot is not installed (apt-get install dovecot-imapd)")
    import grp  # POSIX only: imported here, so conftest.py loads on any system
    import pwd

    # Not under pytest's tmp_path: as root, Dovecot's own users must read the
    # passwd-file and reach the mailboxes, and pytest's folders are 0700.
    folder = Path(tempfile.mkdtemp(prefix="peerpact-dovecot-"))
    folder.chmod(0o755)
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        uid, gid, run_as, login_as = nobody.pw_uid, nobody.pw_gid, "dovecot", "dovenull"
        group = "dovecot"
    else:
        me = pwd.getpwuid(os.geteuid())
        uid, gid, run_as, login_as = me.pw_uid, me.pw_gid, me.pw_name, me.pw_name
        group = grp.getgrgid(os.getgid()).gr_name
    cert, _key = make_certificate(folder)
    server = Dovecot(folder, free_port(), free_port(), cert, uid, gid)
    _accounts(server)
    conf = folder / "dovecot.conf"
    conf.write_text(_config(server, run_as, login_as, group))
    log = folder / "dovecot.log"
    with (folder / "stderr.txt").open("wb") as stderr:
        process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        _wait_for(server.imaps_port, process, log)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def imap_account(dovecot: Dovecot) -> ImapAccount:
    """A user of its own, with an empty Maildir (one of those made at start)."""
    if not dovecot.unused:
        raise RuntimeError(f"more than {ACCOUNTS} tests in one module use Dovecot")
    return dovecot.unused.pop()


def _accounts(server: Dovecot) -> None:
    """ACCOUNTS users, written before the server starts: Dovecot may not see a
    passwd-file changed within the same second again."""
    lines = []
    for number in range(ACCOUNTS):
        user, password = f"leads{number}", secrets.token_urlsafe(12)
        home = server.folder / "homes" / user
        for sub in ("", "Maildir", "Maildir/new", "Maildir/cur", "Maildir/tmp"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        for path in [home.parent, home, *home.rglob("*")]:
            os.chown(path, server.mail_uid, server.mail_gid)
        lines.append(f"{user}:{{PLAIN}}{password}:{server.mail_uid}:{server.mail_gid}::{home}::\n")
        server.unused.append(ImapAccount(server, user, password, home))
    server.passwd.write_text("".join(lines))
