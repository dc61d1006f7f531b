"""Faults under load: submissions keep coming while the database, the broker, a Celery
worker child and a web worker fail. Re-runnable, bounded, loopback only.

    .venv/bin/python bench/faults.py [--seconds 60] [--rate 5] [--drain 420] [--keep]

Everything runs on its own, in a temporary directory, on free loopback ports; nothing
touches the machine's PostgreSQL (5432) or Redis (6379):

- its own PostgreSQL cluster (initdb + pg_ctl, as the ``postgres`` OS user when run as
  root) and its own redis-server (no persistence: a stop loses the queue);
- an SMTP sink in this process that records the Message-ID of every message it accepts
  (a message counts as delivered when the sink answers "250" to its final dot; a client
  that disappears before that answer delivered nothing);
- the project with production settings over plain HTTP (bench/settings.py): gunicorn
  with 2 workers, a separate Celery worker (2 children) and a separate beat;
- ``--rate`` submissions a second for ``--seconds``, each a real GET of "Ajukan
  konsultasi" and a POST of the form with its CSRF token and hidden fields, by signed-in
  applicants (enough of them to stay below the 10 submissions an hour each).

Faults, at fixed fractions of the run: PostgreSQL stopped for 3 s and started again;
Redis stopped for 5 s and started again; the Celery worker child that is sending an
e-mail SIGKILLed while the SMTP sink holds its answer (slow mail server); a gunicorn
worker SIGKILLed.

At the end it waits (up to ``--drain`` seconds) for the outbox to empty and checks: every
submission answered with a redirect to its case has its case row; every case has its
confirmation e-mail row; every outbox row ends ``sent``; every sent row reached the sink;
no Message-ID reached the sink twice. Prints the figures; exits 1 on a violation.
"""

from __future__ import annotations

import argparse
import glob
import html
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
BIN = Path(PY).parent
AS_ROOT = os.geteuid() == 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the SMTP sink ----------------------------------------------------------------------


class SmtpSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend: records Message-IDs of accepted messages.
    ``slow`` holds the answer to the final dot that many seconds (a slow mail server);
    ``waiting`` are the client ports being held."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int):
        super().__init__(("127.0.0.1", port), SmtpHandler)
        self.lock = threading.Lock()
        self.delivered: list[str] = []
        self.abandoned = 0  # the client went away before our "250"
        self.slow = 0.0
        self.waiting: set[int] = set()


class SmtpHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        sink: SmtpSink = self.server
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.reply("250 OK")
            elif verb == b"DATA":
                self.reply("354 go ahead")
                message_id = None
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    if message_id is None and data.lower().startswith(b"message-id:"):
                        message_id = data.split(b":", 1)[1].strip().decode()
                port = self.client_address[1]
                with sink.lock:
                    slow = sink.slow
                    sink.waiting.add(port)
                time.sleep(slow)
                with sink.lock:
                    sink.waiting.discard(port)
                if self.client_gone():
                    with sink.lock:
                        sink.abandoned += 1
                    return
                with sink.lock:
                    sink.delivered.append(message_id or "<none>")
                self.reply("250 accepted")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def client_gone(self) -> bool:
        """A client waiting for our answer sends nothing: readable means closed."""
        readable, _, _ = select.select([self.connection], [], [], 0)
        if not readable:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True


# --- the services -------------------------------------------------------------------


class Stack:
    """PostgreSQL, Redis, gunicorn, Celery worker and beat of one run."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.pg_port, self.redis_port, self.web_port, self.smtp_port = (free_port() for _ in range(4))
        self.pg_bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.pg_dir = tmp / "pg"
        self.db_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/faults"
        self.processes: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, tuple[str, ...]] = {}
        self.restarts: Counter[str] = Counter()
        self.stopping = threading.Event()
        self.env = {
            **{k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DJANGO_SETTINGS_MODULE")},
            "DJANGO_SETTINGS_MODULE": "bench.fault_settings",
            "PYTHONPATH": str(ROOT),
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "false",
            "DATABASE_URL": self.db_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "EMAIL_URL": f"smtp://127.0.0.1:{self.smtp_port}",
            "SITE_URL": f"http://127.0.0.1:{self.web_port}",
            "DEFAULT_FROM_EMAIL": "E-Advokasi <no-reply@faults.invalid>",
            "PYTHONUNBUFFERED": "1",
        }

    # PostgreSQL refuses to run as root: run its tools as the postgres user.
    def pg(self, tool: str, *args: str) -> None:
        command = [str(self.pg_bin / tool), *args]
        if AS_ROOT:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def start_postgres(self, first: bool = False) -> None:
        if first:
            self.pg_dir.mkdir()
            if AS_ROOT:
                shutil.chown(self.pg_dir, "postgres", "postgres")
            self.pg("initdb", "-D", str(self.pg_dir), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        options = (
            f"-p {self.pg_port} -k {self.pg_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off"
        )
        self.pg("pg_ctl", "-D", str(self.pg_dir), "-l", str(self.pg_dir / "server.log"), "-o", options, "-w", "start")
        if first:
            subprocess.run(
                ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-qc", "CREATE DATABASE faults"],
                check=True,
            )

    def stop_postgres(self) -> None:
        self.pg("pg_ctl", "-D", str(self.pg_dir), "-m", "fast", "-w", "stop")

    def sql(self, query: str) -> list[list[str]]:
        out = subprocess.run(
            ["psql", self.db_url, "-tAF", "\t", "-c", query], check=True, capture_output=True, text=True
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def spawn(self, name: str, *command: str) -> subprocess.Popen:
        out = (self.tmp / f"{name}.log").open("ab")
        process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self.processes[name] = process
        self.commands[name] = command
        return process

    def supervise(self) -> None:
        """Restart the worker and the beat when they exit, as systemd's Restart=always
        would in production: the Celery worker exits ("Unrecoverable error") when Redis
        goes away while it holds unacknowledged messages."""
        while not self.stopping.wait(0.5):
            for name in ("worker", "beat"):
                process = self.processes.get(name)
                if process is not None and process.poll() is not None and not self.stopping.is_set():
                    self.restarts[name] += 1
                    log(f"{name} exited with {process.returncode}; restarting it (supervisor)")
                    self.spawn(name, *self.commands[name])

    def start_redis(self) -> None:
        self.spawn(
            "redis", "redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.tmp),
        )
        wait_port(self.redis_port)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def manage(self, *args: str) -> str:
        return subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, check=True, capture_output=True, text=True
        ).stdout

    def start_app(self) -> None:
        self.spawn(
            "gunicorn", str(BIN / "gunicorn"), "advokasi.wsgi:application", "--workers", "2",
            "--bind", f"127.0.0.1:{self.web_port}", "--timeout", "30", "--log-level", "warning",
        )
        self.spawn(
            "worker", str(BIN / "celery"), "-A", "advokasi", "worker", "--concurrency", "2",
            "--without-mingle", "--without-gossip", "--loglevel", "INFO", f"--hostname=faults-{os.getpid()}@%h",
        )
        self.spawn(
            "beat", str(BIN / "celery"), "-A", "advokasi", "beat", "--loglevel", "INFO",
            "--schedule", str(self.tmp / "beat-schedule"),
        )
        wait_port(self.web_port)
        threading.Thread(target=self.supervise, daemon=True).start()

    def children(self, name: str) -> list[int]:
        pid = self.processes[name].pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def shutdown(self) -> None:
        self.stopping.set()
        for name in ("gunicorn", "beat", "worker", "redis"):
            self.stop(name)
        if (self.pg_dir / "postmaster.pid").exists():
            self.stop_postgres()


SETUP = """
import json, sys
import django
django.setup()
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from accounts.models import ApplicantProfile, InstitutionType, Role, User
cookies = []
for i in range(int(sys.argv[1])):
    user = User.objects.create(email=f"faults.{i}@contoh.go.id", full_name=f"Pemohon Uji {i}", role=Role.APPLICANT, language="id")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ApplicantProfile.objects.create(user=user, phone="081234567890", institution_name="Dinas Uji Kota Bandung",
                                    institution_type=InstitutionType.PEMDA)
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
print(json.dumps(cookies))
"""


# --- the load -------------------------------------------------------------------------


class Load:
    """Submissions of the consultation form; what each one was answered."""

    def __init__(self, port: int, sessions: list[str]):
        self.port = port
        self.sessions = sessions
        self.lock = threading.Lock()
        self.answers: Counter[str] = Counter()
        self.cases: list[str] = []  # case numbers of the submissions answered with a redirect to them

    def request(self, method: str, path: str, cookies: dict[str, str], body: str | None = None):
        connection = HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.getheader("Location", ""), response.read().decode(errors="replace"), [
                value for key, value in response.getheaders() if key.lower() == "set-cookie"
            ]
        finally:
            connection.close()

    def submit(self, n: int) -> None:
        cookies = {"sessionid": self.sessions[n % len(self.sessions)]}
        try:
            status, _, page, set_cookies = self.request("GET", "/konsultasi/ajukan/", cookies)
            if status != 200:
                self.count(f"GET {status}")
                return
            for header in set_cookies:
                name, _, rest = header.partition("=")
                cookies[name.strip()] = rest.split(";", 1)[0]
            status, location, _, _ = self.request("POST", "/konsultasi/ajukan/", cookies, self.form(page, n))
        except OSError as exc:  # a killed web worker, a timeout
            self.count(f"error {type(exc).__name__}")
            return
        if status == 302 and (match := re.fullmatch(r"(?:https?://[^/]+)?/konsultasi/([^/]+)/", location)):
            with self.lock:
                self.cases.append(urllib.parse.unquote(match.group(1)))
            self.count("302 case")
        else:
            self.count(f"POST {status}")

    def count(self, what: str) -> None:
        with self.lock:
            self.answers[what] += 1

    @staticmethod
    def form(page: str, n: int) -> str:
        form = next(f for f in re.findall(r"<form.*?</form>", page, re.S) if 'name="subject"' in f)
        fields = {
            m.group(1): html.unescape(m.group(2))
            for m in re.finditer(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
        }
        for name in ("category", "procurement_stage"):
            select_html = re.search(rf'<select[^>]*name="{name}".*?</select>', form, re.S).group(0)
            fields[name] = [v for v in re.findall(r'<option value="([^"]*)"', select_html) if v][0]
        fields |= {
            "subject": f"Uji gangguan {n}: penyusunan HPS",
            "description": "Bagaimana menyusun HPS bila harga pasar berubah cepat? " * 5,
            "institution_name": "Dinas Uji Kota Bandung",
            "procurement_package": "",
            "fiscal_year": "2026",
        }
        return urllib.parse.urlencode(fields)


# --- the faults -----------------------------------------------------------------------


def restart_postgres(stack: Stack) -> str:
    stack.stop_postgres()
    time.sleep(3)
    stack.start_postgres()
    return "PostgreSQL stopped 3 s, started"


def restart_redis(stack: Stack) -> str:
    stack.stop("redis")
    time.sleep(5)
    stack.start_redis()
    return "Redis stopped 5 s (queue lost), started"


def kill_sending_worker_child(stack: Stack, sink: SmtpSink) -> str:
    with sink.lock:
        sink.slow = 8.0
    try:
        end = time.monotonic() + 30
        while time.monotonic() < end:
            with sink.lock:
                ports = list(sink.waiting)
            for port in ports:
                out = subprocess.run(
                    ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"], capture_output=True, text=True
                ).stdout
                for pid in map(int, re.findall(r"pid=(\d+)", out)):
                    if pid in stack.children("worker"):
                        os.kill(pid, signal.SIGKILL)
                        return f"Celery worker child {pid} SIGKILLed while the SMTP sink held its answer"
            time.sleep(0.1)
        return "NOT INJECTED: no worker child was sending within 30 s"
    finally:
        with sink.lock:
            sink.slow = 0.0


def kill_web_worker(stack: Stack) -> str:
    children = stack.children("gunicorn")
    if not children:
        return "NOT INJECTED: no gunicorn worker found"
    os.kill(children[0], signal.SIGKILL)
    return f"gunicorn worker {children[0]} SIGKILLed"


# --- the run --------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=60, help="how long submissions are sent (default 60)")
    parser.add_argument("--rate", type=float, default=5, help="submissions a second (default 5)")
    parser.add_argument("--drain", type=int, default=420, help="longest wait for the outbox to empty (default 420 s)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, database)")
    args = parser.parse_args()
    for tool in ("redis-server", "psql", "ss"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing")

    tmp = Path(tempfile.mkdtemp(prefix="advokasi-faults-"))
    tmp.chmod(0o755)  # the postgres user needs to reach its data directory inside
    stack = Stack(tmp)
    sink = SmtpSink(stack.smtp_port)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        log(f"temporary directory {tmp}; PostgreSQL :{stack.pg_port}, Redis :{stack.redis_port}, "
            f"web :{stack.web_port}, SMTP sink :{stack.smtp_port}")
        stack.start_postgres(first=True)
        stack.start_redis()
        stack.manage("migrate", "--noinput", "-v", "0")
        stack.manage("sync_holidays")
        total = int(args.seconds * args.rate)
        applicants = total // 8 + 2  # below the 10 submissions an hour each
        sessions = json.loads(subprocess.run(
            [PY, "-c", SETUP, str(applicants)], cwd=ROOT, env=stack.env, check=True, capture_output=True, text=True
        ).stdout)
        stack.start_app()
        load = Load(stack.web_port, sessions)
        # Warm up: both web workers, the worker, a first e-mail.
        load.submit(0)
        log(f"{applicants} applicants; sending {total} submissions in {args.seconds}s")

        faults = [
            (0.15, lambda: restart_postgres(stack)),
            (0.35, lambda: restart_redis(stack)),
            (0.55, lambda: kill_sending_worker_child(stack, sink)),
            (0.75, lambda: kill_web_worker(stack)),
        ]
        injected: list[str] = []
        start = time.monotonic()

        def inject() -> None:
            for at, fault in faults:
                time.sleep(max(0.0, start + at * args.seconds - time.monotonic()))
                injected.append(f"t={time.monotonic() - start:5.1f}s {fault()}")
                log(injected[-1])

        injector = threading.Thread(target=inject)
        injector.start()
        with ThreadPoolExecutor(max_workers=32) as pool:
            for n in range(1, total + 1):
                time.sleep(max(0.0, start + n / args.rate - time.monotonic()))
                pool.submit(load.submit, n)
        injector.join()
        load_end = time.monotonic()
        log(f"load done in {load_end - start:.1f}s: {dict(load.answers)}; waiting for the outbox")

        drain_end = load_end + args.drain
        while True:
            unsent = stack.sql("SELECT count(*) FROM notifications_outboundemail WHERE status <> 'sent'")[0][0]
            if unsent == "0" or time.monotonic() > drain_end:
                break
            time.sleep(2)
        drained = time.monotonic() - load_end
        return report(stack, sink, load, injected, drained, unsent == "0")
    finally:
        stack.shutdown()
        sink.shutdown()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def report(stack: Stack, sink: SmtpSink, load: Load, injected: list[str], drained: float, empty: bool) -> int:
    numbers = {row[0] for row in stack.sql("SELECT number FROM consultations_consultation")}
    outbox = stack.sql("SELECT id, status FROM notifications_outboundemail")
    without_mail = stack.sql(
        "SELECT count(*) FROM consultations_consultation c WHERE NOT EXISTS "
        "(SELECT 1 FROM notifications_outboundemail e JOIN django_content_type t ON t.id = e.subject_type_id "
        "WHERE t.app_label = 'consultations' AND t.model = 'consultation' AND e.subject_id = c.id "
        "AND e.template = 'consultation-submitted')"
    )[0][0]
    with sink.lock:
        received = Counter(sink.delivered)
        abandoned = sink.abandoned
    by_row = Counter(re.match(r"<outbox-(\d+)-", mid).group(1) for mid in received if mid.startswith("<outbox-"))
    lost_cases = [number for number in load.cases if number not in numbers]
    unsent = [row_id for row_id, status in outbox if status != "sent"]
    unreceived = [row_id for row_id, status in outbox if status == "sent" and row_id not in by_row]
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    figures = [
        ("submissions sent", sum(load.answers.values())),
        *((f"  answered {what}", count) for what, count in sorted(load.answers.items())),
        ("cases in the database", len(numbers)),
        ("outbox rows", len(outbox)),
        ("  sent", sum(1 for _, status in outbox if status == "sent")),
        ("e-mails accepted by the SMTP sink", sum(received.values())),
        ("  abandoned by a killed sender before the sink's 250", abandoned),
        ("time to drain the outbox after the load (s)", f"{drained:.0f}"),
        ("Celery worker restarts by the supervisor", stack.restarts["worker"]),
        ("Celery beat restarts by the supervisor", stack.restarts["beat"]),
    ]
    checks = [
        ("acknowledged submissions without their case", len(lost_cases)),
        ("cases without their confirmation e-mail row", int(without_mail)),
        ("outbox rows not sent" + ("" if empty else " (drain timed out)"), len(unsent)),
        ("sent rows the sink never received", len(unreceived)),
        ("Message-IDs received more than once", duplicates),
    ]
    print("\nfaults injected:")
    for line in injected:
        print(f"  {line}")
    print("\n| figure | value |\n|---|---:|")
    for name, value in figures:
        print(f"| {name} | {value} |")
    print("\n| check | violations |\n|---|---:|")
    for name, value in checks:
        print(f"| {name} | {value} |")
    failed = any(value for _, value in checks) or any("NOT INJECTED" in line for line in injected)
    print("\nFAILED" if failed else "\nOK: nothing acknowledged was lost, every e-mail went out once")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
