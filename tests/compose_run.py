#!/usr/bin/python3
"""compose_run - docker-compose.yml run as plain processes, then the first flow.

There is no container engine here, so this proves the wiring written in
docker-compose.yml (commands, VP_* variables, endpoints, keys, volumes) by
doing what the engine would do with it, with processes on loopback:

  - every service's command and environment (anchors and `<<` merged,
    ${VAR:-default} from .env.example, the image's ENV from the Dockerfile);
  - host names (bus, staffing, ...) and a container's own addresses (*,
    127.0.0.1) mapped to 127.0.0.1, each container port to a free port
    chosen here, the same mapping for every process;
  - each container's filesystem as a folder of its own where every mount of
    the file is realised: a named volume or a host folder as a link to a
    shared folder, a host file as a read-only copy. So a service gets only
    the secret key the file mounts for it, and one that needed another's
    would fail here as it would in a container;
  - the programs of the image (/usr/local/bin) from the build folder.

Then, as docs/deploy.md says: the keys one-shot, every service in
depends_on order (each waits for its healthcheck, run as written), the demo
district loaded with the `ctl` tool, an invitation registered, and checks
that (a) vp-documents routed it to whoever acts for chu-tich-ubnd, (b)
vp-calendar put the meeting on his schedule, (c) vp-notify wrote to his
inbox; then an online backup of every database with scripts/backup, a
restore of vp-documents from it (it catches up from its cursor), and every
process stopped by its pid with SIGTERM, each exiting 0.

usage: compose_run.py --build BUILD_DIR --source SOURCE_DIR [--keep]
"""
import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import yaml

TENANT = "giang-son-tay"
CLERK = "gst-le-thi-mau-muoi-bon"          # Văn phòng – Thống kê, registers documents
CHU_TICH = "gst-dang-xuan-quang"           # Đặng Xuân Quảng, Chủ tịch UBND
IMAGE_BIN = "/usr/local/bin"
ENDPOINT = re.compile(r"tcp://([A-Za-z0-9_.*-]+):(\d+)")
SELF_HOSTS = ("*", "127.0.0.1", "localhost", "0.0.0.0")

checks = 0


def ok(what):
    global checks
    checks += 1
    print("ok - " + what, flush=True)


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)
    ok(what)


# ------------------------------------------------------------ the files


def interpolate(value, env):
    """${VAR}, ${VAR:-default}, ${VAR-default} and $$ as compose reads them."""
    def one(m):
        if m.group(0) == "$$":
            return "$"
        name, op, default = m.group(1), m.group(2), m.group(3) or ""
        if op == ":-":
            return env.get(name) or default
        if op == "-":
            return env.get(name, default)
        return env.get(name, "")
    return re.sub(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)?([^}]*)\}", one, value)


def interpolate_all(node, env):
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [interpolate_all(x, env) for x in node]
    if isinstance(node, dict):
        return {k: interpolate_all(v, env) for k, v in node.items()}
    return node


def read_env_file(path):
    env = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            env[name.strip()] = value.strip()
    return env


def dockerfile_env(path):
    """ENV of the final stage of the Dockerfile: what every container starts with."""
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    env = {}
    for line in text.splitlines():
        words = line.split()
        if words and words[0] == "FROM":
            env = {}
        elif words and words[0] == "ENV":
            for word in words[1:]:
                name, _, value = word.partition("=")
                env[name] = value
    return env


def runtime_packages(path):
    """Packages the final stage of the Dockerfile installs."""
    text = open(path, encoding="utf-8").read().replace("\\\n", " ")
    stage = text[text.rindex("\nFROM "):]
    packages = set()
    for m in re.finditer(r"apt-get install ([^&]*)", stage):
        packages |= {w for w in m.group(1).split() if not w.startswith("-")}
    return packages


def needed_packages(programs):
    """{program: {library: Debian package}} for each library a program links
    directly (one dpkg query for them all: it is slow)."""
    needed = {}
    for program in programs:
        out = subprocess.run(["objdump", "-p", program], capture_output=True, text=True).stdout
        #  A sanitizer build's own libraries are not the image's.
        needed[program] = [lib for lib in re.findall(r"NEEDED\s+(\S+)", out)
                           if not re.match(r"lib(asan|ubsan|lsan|tsan)\.", lib)]
    libs = sorted({lib for libs in needed.values() for lib in libs})
    out = subprocess.run(["dpkg", "-S"] + ["*/" + lib for lib in libs], capture_output=True, text=True).stdout
    owner = {}
    for line in out.splitlines():
        package, _, path = line.partition(": ")
        owner.setdefault(os.path.basename(path), package.split(":")[0])
    return {program: {lib: owner.get(lib, "?") for lib in libs} for program, libs in needed.items()}


def as_env(environment):
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return {k: "" if v is None else str(v) for k, v in (environment or {}).items()}


# ------------------------------------------------------------ the stack


# Where the test's clock stands: Tuesday 01/12/2026 08:00 in the communes'
# zone (Asia/Ho_Chi_Minh, UTC+7 all year).
ZONE = datetime.timezone(datetime.timedelta(hours=7))
CLOCK_START = datetime.datetime(2026, 12, 1, 8, 0, tzinfo=ZONE)


class Stack:
    def __init__(self, compose_path, source, build, tmp):
        self.source = source
        self.build = build
        self.tmp = tmp
        self.project = os.path.join(tmp, "project")     # where docker-compose.yml lives
        env = read_env_file(os.path.join(source, ".env.example"))
        self.compose = interpolate_all(yaml.safe_load(open(compose_path, encoding="utf-8")), env)
        self.services = self.compose["services"]
        self.volumes = set((self.compose.get("volumes") or {}).keys())
        self.image_env = dockerfile_env(os.path.join(source, "Dockerfile"))
        self.ports = {}         # (service, container port) -> port on loopback
        self.pids = {}          # service -> Popen, in start order
        self.roots = {}
        self.bin = os.path.join(tmp, "image", "bin")
        self._image_bin()
        # Every process reads the time the test sets (VP_CLOCK_FILE), from
        # before the first one starts: nothing depends on today's date.
        self.clock_file = os.path.join(tmp, "clock")
        self.set_clock(CLOCK_START)

    def set_clock(self, when):
        with open(self.clock_file + ".tmp", "w") as f:
            f.write(f"{int(when.timestamp() * 1000)}\n")
        os.replace(self.clock_file + ".tmp", self.clock_file)
        self.now = when

    def _image_bin(self):
        """/usr/local/bin of the image: every program of build/services, gen-keys."""
        os.makedirs(self.bin)
        services = os.path.join(self.build, "services")
        for folder in sorted(os.listdir(services)):
            path = os.path.join(services, folder)
            if not os.path.isdir(path):
                continue
            for name in os.listdir(path):
                prog = os.path.join(path, name)
                if (name.startswith("vp-") or name == "vpctl") and os.path.isfile(prog) \
                        and os.access(prog, os.X_OK):
                    os.symlink(prog, os.path.join(self.bin, name))
        os.symlink(os.path.join(self.source, "scripts", "gen-keys"), os.path.join(self.bin, "gen-keys"))

    # -- endpoints: one free loopback port per (container, port)

    def port(self, service, host, port):
        if host in SELF_HOSTS:
            host = service
        if host not in self.services:
            raise Failed(f"{service}: tcp://{host}:{port} names no service of the file")
        key = (host, int(port))
        if key not in self.ports:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.ports[key] = s.getsockname()[1]
        return self.ports[key]

    def map_endpoints(self, service, text):
        return ENDPOINT.sub(lambda m: f"tcp://127.0.0.1:{self.port(service, m.group(1), m.group(2))}", text)

    # -- a container's filesystem

    def root(self, service):
        """The service's container root, with every mount of the file realised."""
        if service in self.roots:
            return self.roots[service]
        root = os.path.join(self.tmp, "roots", service)
        os.makedirs(root)
        mounts = []
        for spec in self.services[service].get("volumes", []):
            parts = spec.split(":")
            source, target = parts[0], parts[1]
            mode = parts[2] if len(parts) > 2 else "rw"
            mounts.append((target.count("/"), target, source, mode))
        for _, target, source, mode in sorted(mounts):
            if source.startswith(".") or source.startswith("/"):
                host = os.path.normpath(os.path.join(self.project, source))
                if not os.path.exists(host):
                    #  The engine would make an empty folder here and the
                    #  service would not find its key: say so at once.
                    raise Failed(f"{service}: mount source {source} does not exist")
            else:
                if source not in self.volumes:
                    raise Failed(f"{service}: volume {source} is not declared under volumes:")
                host = os.path.join(self.tmp, "volumes", source)
                os.makedirs(host, exist_ok=True)
            inside = root + target
            os.makedirs(os.path.dirname(inside), exist_ok=True)
            if os.path.isdir(host):
                os.symlink(host, inside)
            else:
                shutil.copy2(host, inside)
                if mode == "ro":
                    os.chmod(inside, 0o400)
        self.roots[service] = root
        return root

    def map_path(self, service, value):
        if value == IMAGE_BIN or value.startswith(IMAGE_BIN + "/"):
            return self.bin + value[len(IMAGE_BIN):]
        if value.startswith("/"):
            return self.root(service) + value
        return value

    def env(self, service, extra=None):
        env = {"PATH": self.bin + ":/usr/bin:/bin", "HOME": self.tmp}
        for name in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if name in os.environ:
                env[name] = os.environ[name]
        merged = dict(self.image_env)
        merged.update(as_env(self.services[service].get("environment")))
        merged.update(extra or {})
        for name, value in merged.items():
            env[name] = self.map_path(service, self.map_endpoints(service, value))
        env["VP_CLOCK_FILE"] = self.clock_file
        return env

    def argv(self, service, args):
        return [self.map_path(service, self.map_endpoints(service, a)) for a in args]

    def command(self, service, args=None):
        """The process a container (or `docker-compose run SERVICE args`) runs."""
        spec = self.services[service]
        entry = spec.get("entrypoint") or []
        entry = [entry] if isinstance(entry, str) else entry
        cmd = args if args is not None else spec.get("command") or []
        cmd = cmd.split() if isinstance(cmd, str) else cmd
        return self.argv(service, list(entry) + list(cmd))

    def cwd(self, service):
        root = self.root(service)
        workdir = root + "/data"
        return workdir if os.path.isdir(workdir) else root

    # -- processes

    def run_tool(self, service, args, timeout=60, env=None):
        """`docker-compose run --rm [-e NAME=VALUE] SERVICE args`: to completion."""
        argv = self.command(service, args)
        return subprocess.run(argv, env=self.env(service, env), cwd=self.cwd(service),
                              capture_output=True, text=True, timeout=timeout)

    def start(self, service):
        log = open(os.path.join(self.tmp, "logs", service + ".log"), "ab")
        argv = self.command(service)
        self.pids[service] = subprocess.Popen(argv, env=self.env(service), cwd=self.cwd(service),
                                              stdout=log, stderr=subprocess.STDOUT)
        log.close()

    def healthy(self, service):
        test = self.services[service]["healthcheck"]["test"]
        if test[0] == "CMD-SHELL":
            argv = ["/bin/sh", "-c", self.map_endpoints(service, test[1])]
        else:
            argv = self.argv(service, test[1:])
        r = subprocess.run(argv, env=self.env(service), cwd=self.cwd(service),
                           capture_output=True, text=True, timeout=30)
        return r.returncode == 0

    def wait_healthy(self, service, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc = self.pids[service]
            if proc.poll() is not None:
                raise Failed(f"{service} exited {proc.returncode} at start:\n{self.log_tail(service)}")
            if self.healthy(service):
                return
            time.sleep(0.2)
        raise Failed(f"{service}: its healthcheck did not pass in {timeout} s:\n{self.log_tail(service)}")

    def stop(self, service, timeout=15):
        proc = self.pids.pop(service)
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return "still running after SIGTERM"

    def stop_all(self):
        """Each process by its pid, last started first; each must exit 0."""
        bad = []
        for service in reversed(list(self.pids)):
            rc = self.stop(service)
            if rc != 0:
                bad.append(f"{service}: {rc}")
        return bad

    def log_tail(self, service, lines=15):
        try:
            with open(os.path.join(self.tmp, "logs", service + ".log"), errors="replace") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def order(self):
        """Services of `up` (no profile), each after those it depends on."""
        todo = [s for s, spec in self.services.items() if not spec.get("profiles")]
        done = []
        while todo:
            ready = [s for s in todo if all(d in done for d in self.depends(s))]
            if not ready:
                raise Failed(f"depends_on has a cycle among {todo}")
            for s in ready:
                done.append(s)
                todo.remove(s)
        return done

    def depends(self, service):
        deps = self.services[service].get("depends_on") or {}
        if isinstance(deps, list):
            return deps
        for dep, cond in deps.items():
            if (cond or {}).get("condition") != "service_healthy":
                raise Failed(f"{service}: depends on {dep} without condition service_healthy")
        return list(deps)


# ------------------------------------------------------------ calls


def ctl(stack, *args, tool="ctl"):
    """`docker-compose run --rm ctl --json ARGS`: the result. With `--actor O`
    in ARGS, as that officer does it: `run --rm -e VP_KEY_NAME=O desk`;
    tool="admin" for set-up with the admin key."""
    args = list(args)
    env = None
    if "--actor" in args:
        tool, env = "desk", {"VP_KEY_NAME": args[args.index("--actor") + 1]}
    r = stack.run_tool(tool, ["--json"] + args, env=env)
    if r.returncode != 0:
        raise Failed(f"{tool} {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)


def poll(what, fn, timeout=20):
    """fn() until it returns something true; its last value."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.2)
    raise Failed(f"{what}: not after {timeout} s (last: {value})")


def synced(stack, services):
    """Every service has applied every event of the streams it follows."""
    heads = ctl(stack, "health", "bus").get("heads", {})
    for service in services:
        cursors = ctl(stack, "health", service).get("cursors") or {}
        for stream, cursor in cursors.items():
            if cursor.get("cursor", 0) < heads.get(stream, 0):
                return False
    return True


def his(stack, cmd, doc, *words):
    """The items about doc that `cmd officer=<Chủ tịch> words` shows him (the
    list in the result: its one array value)."""
    result = ctl(stack, "--tenant", TENANT, "--actor", CHU_TICH, cmd, f"officer={CHU_TICH}", *words)
    items = next((v for v in result.values() if isinstance(v, list)), [])
    return [item for item in items if item.get("document") == doc]


# ------------------------------------------------------------ the test


def run(stack, args):
    services = stack.order()
    check(services[0] == "bus" and set(services) >= {"bus", "staffing", "documents", "calendar", "notify"},
          f"the file runs bus first, then the services: {' '.join(services)}")
    for service in services:
        spec = stack.services[service]
        check(spec.get("restart") == "unless-stopped" and spec.get("healthcheck", {}).get("test"),
              f"{service}: restart unless-stopped, a healthcheck")
        published = [p.split(":")[0] for p in spec.get("ports", [])]
        if service == "web":
            # The offices' browsers reach it on their network: HTTPS only.
            env = as_env(spec.get("environment"))
            check(env.get("VP_WEB_CERT") and env.get("VP_WEB_KEY")
                  and "./deploy/tls:/tls:ro" in spec.get("volumes", []),
                  f"web: published ({', '.join(spec.get('ports', []))}) only in HTTPS, deploy/tls mounted read-only")
        else:
            check(all(addr == "127.0.0.1" for addr in published),
                  f"{service}: ports published on loopback only ({', '.join(spec.get('ports', [])) or 'none'})")
        secrets = [v for v in spec.get("volumes", []) if ".secret" in v]
        check(secrets == [f"./deploy/keys/{service}.secret:/keys/{service}.secret:ro"],
              f"{service}: only its own secret key, read-only")

    # The image: every library a program links comes from a package of the
    # runtime stage (debian:12-slim has libc6 and little else).
    installed = runtime_packages(os.path.join(stack.source, "Dockerfile")) | {"libc6", "libgcc-s1"}
    programs = [os.path.join(stack.bin, name) for name in sorted(os.listdir(stack.bin)) if name != "gen-keys"]
    for program, libs in needed_packages(programs).items():
        missing = {lib: pkg for lib, pkg in libs.items() if pkg not in installed}
        check(not missing, f"image: {os.path.basename(program)} finds every library it links "
                           f"({missing or 'all installed'})")

    # First install (docs/deploy.md): the folders, then the keys one-shot.
    deploy = os.path.join(stack.project, "deploy")
    for folder in ("keys", "backup", "batch", "tls"):
        os.makedirs(os.path.join(deploy, folder))
    # The district's certificate for vp-web (docs/deploy.md), self-signed here.
    tls = os.path.join(deploy, "tls")
    r = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                        "-subj", "/CN=vanphong.do-luong.example",
                        "-keyout", os.path.join(tls, "key.pem"), "-out", os.path.join(tls, "cert.pem")],
                       capture_output=True, text=True)
    check(r.returncode == 0, "a self-signed certificate in deploy/tls"
          + ("" if r.returncode == 0 else f": {r.stderr.strip()[-200:]}"))
    r = stack.run_tool("keys", None)
    check(r.returncode == 0 and os.path.exists(os.path.join(deploy, "keys", "vpctl.secret"))
          and os.path.exists(os.path.join(deploy, "keys", "admin.secret")),
          f"`docker-compose run --rm keys` made the keys: {r.stdout.strip().splitlines()[-1:]}")
    # The clerk's and the Chủ tịch's own keys (deploy/keys/officers/), as
    # docs/deploy.md makes an officer's key.
    for officer in (CLERK, CHU_TICH):
        r = stack.run_tool("keys", ["vp-keygen", "--dir", "/keys", "officer", "--tenant", TENANT,
                                    "--officer", officer])
        check(r.returncode == 0 and os.path.exists(os.path.join(deploy, "keys", "officers", officer + ".secret")),
              f"`docker-compose run --rm keys vp-keygen ... officer --officer {officer}`: {r.stderr.strip()}")

    os.makedirs(os.path.join(stack.tmp, "logs"))
    for service in services:
        stack.start(service)
        stack.wait_healthy(service)
        ok(f"{service} started (pid {stack.pids[service].pid}) and its healthcheck passes")

    # The demo district, as the district's IT officer loads a commune: a
    # batch file in deploy/batch, run with the admin tool.
    shutil.copy(os.path.join(stack.source, "scripts", "demo", "district.vp"), os.path.join(deploy, "batch"))
    r = stack.run_tool("ctl", ["batch", "/batch/district.vp"], timeout=120)
    check(r.returncode != 0 and "permission_denied" in r.stderr,
          f"the operator's ctl may not set up a commune: {r.stdout.strip()} {r.stderr.strip()[-300:]}")
    r = stack.run_tool("admin", ["batch", "/batch/district.vp"], timeout=120)
    check(r.returncode == 0, f"admin batch /batch/district.vp: {r.stdout.strip()} {r.stderr.strip()[-300:]}")
    poll("every service applied the demo district", lambda: synced(stack, [s for s in services[1:] if s != "web"]))

    # An invitation for the Chủ tịch UBND of Giang Sơn Tây, typed as an
    # office clerk types it: dated today, a meeting three days on, 09:00
    # to 11:00.
    day = stack.now.replace(hour=9, minute=0) + datetime.timedelta(days=3)
    start = int(day.timestamp() * 1000)
    number = f"{start // 1000 % 100000}/GM-UBND"
    reply = ctl(stack, "--tenant", TENANT, "--actor", CLERK, "documents.register",
                "issuer=UBND huyện Đô Lương", f"number={number}", f"doc_date={stack.now:%d/%m/%Y}",
                "type=giay-moi", "summary=Họp triển khai hợp nhất văn phòng", "field=dieu-hanh",
                f"meeting.start={day:%d/%m/%Y %H:%M}", f"meeting.end={day:%d/%m/%Y} 11:00",
                "meeting.place=Hội trường UBND huyện", "meeting.invited_posts=chu-tich-ubnd")
    doc = reply.get("document")
    check(doc and reply.get("type") == "giay-moi", f"documents.register of a giay-moi {number}: {doc}")

    # (a) routed to whoever acts for chu-tich-ubnd.
    got = poll("the invitation is assigned", lambda: (lambda d: d if d.get("officer") else None)(
        ctl(stack, "--tenant", TENANT, "--actor", CLERK, "documents.get", f"document={doc}")))
    check(got.get("officer") == CHU_TICH and got.get("post") == "chu-tich-ubnd",
          f"(a) vp-documents routed {doc} to {got.get('officer')} for {got.get('post')}")

    # (b) the meeting on his schedule.
    entries = poll("vp-calendar put the meeting on his schedule",
                   lambda: [e for e in his(stack, "calendar.list", doc, f"from={day:%d/%m/%Y}",
                                           f"to={day + datetime.timedelta(days=1):%d/%m/%Y}")
                            if e.get("kind") == "meeting"])
    check(len(entries) == 1 and entries[0].get("start") == start,
          f"(b) vp-calendar: one meeting for {doc} on {CHU_TICH}'s schedule, at its start")

    # The feed his phone subscribes to, through the published port 5580 (as
    # the reverse proxy reaches it): the meeting is in it.
    url = ctl(stack, "--tenant", TENANT, "--actor", CHU_TICH, "calendar.feed.url", f"officer={CHU_TICH}")["url"]
    path = urllib.parse.urlsplit(url).path
    feed = urllib.request.urlopen(f"http://127.0.0.1:{stack.port('calendar', 'calendar', 5580)}{path}",
                                  timeout=10).read().decode().replace("\r\n ", "")   # unfolded
    check("BEGIN:VCALENDAR" in feed and number in feed,
          f"(b) his iCalendar feed on the calendar-http port holds the meeting ({path})")

    # (c) a notification in his inbox.
    told = poll("vp-notify wrote to his inbox", lambda: his(stack, "notify.inbox", doc))
    check(len(told) >= 1, f"(c) vp-notify: {len(told)} notification(s) about {doc} in {CHU_TICH}'s inbox")

    # The operator's view: `docker-compose run --rm mon stats`, operator key.
    r = stack.run_tool("mon", ["stats", "--json"])
    heads = json.loads(r.stdout).get("heads", {}) if r.returncode == 0 else {}
    check(heads.get("documents", 0) >= 2 and heads.get("staffing", 0) >= 400,
          f"mon stats (operator key) sees the streams: {heads or r.stderr.strip()}")
    r = stack.run_tool("mon", ["lag"])
    check(r.returncode == 0 and all(s in r.stdout for s in services[1:] if s != "web"),
          f"mon lag reaches every service's command endpoint: {r.stderr.strip() or 'yes'}")

    backup_and_restore(stack, services, doc)

    bad = stack.stop_all()
    check(not bad, "every process stopped by its pid with SIGTERM exited 0" + (f": {bad}" if bad else ""))


def backup_and_restore(stack, services, doc):
    """scripts/backup while everything runs; restore vp-documents from it."""
    deploy = os.path.join(stack.project, "deploy")
    #  `docker-compose run --rm -T ctl` as docs/deploy.md gives it to scripts/backup.
    wrapper = os.path.join(stack.tmp, "compose-run-ctl")
    with open(wrapper, "w") as f:
        env = " ".join(f"{k}='{v}'" for k, v in stack.env("ctl").items())
        f.write(f"#!/bin/sh\ncd '{stack.cwd('ctl')}' && exec env -i {env} vpctl \"$@\"\n")
    os.chmod(wrapper, 0o755)
    r = subprocess.run([os.path.join(stack.source, "scripts", "backup")],
                       env=dict(os.environ, VPCTL=wrapper, VP_BACKUP_TIMEOUT_MS="20000"),
                       capture_output=True, text=True, timeout=150)
    check(r.returncode == 0, f"scripts/backup while every service runs: {r.stderr.strip()[-400:]}")
    copies = {}
    for name in os.listdir(os.path.join(deploy, "backup")):
        m = re.match(r"([a-z]+)-\d{8}-\d{6}\.\d{3}Z\.db$", name)
        if m:
            copies[m.group(1)] = os.path.join(deploy, "backup", name)
    check(set(copies) == set(services) - {"web"}, f"one copy per database in deploy/backup: {sorted(copies)}")  # web.db: sessions only
    for service, path in sorted(copies.items()):
        db = sqlite3.connect(path)
        check(db.execute("PRAGMA integrity_check").fetchone()[0] == "ok",
              f"{os.path.basename(path)} is a whole database")
        db.close()
    db = sqlite3.connect(copies["documents"])
    check(db.execute("SELECT officer FROM doc_document WHERE tenant = ? AND document = ?",
                     (TENANT, doc)).fetchone() == (CHU_TICH,), f"the documents copy holds {doc}")
    db.close()
    db = sqlite3.connect(copies["bus"])
    check(db.execute("SELECT count(*) FROM log WHERE type = 'documents.registered'").fetchone()[0] >= 1,
          "the bus copy holds the documents stream")
    db.close()

    # After the backup, a staffing change vp-documents applies (so not in
    # the copy)...
    officer = "gst-tran-van-mau-moi"
    ctl(stack, "--tenant", TENANT, "staffing.officer.create", f"officer={officer}",
        "full_name=Trần Văn Mẫu Mới", tool="admin")
    poll("vp-documents applied the new officer", lambda: synced(stack, ["documents"]))
    # ...then its database is lost and restored as docs/deploy.md says: stop
    # it, put the copy in place, remove -wal and -shm, start it.
    db = sqlite3.connect(copies["documents"])
    check(db.execute("SELECT count(*) FROM stf_officer WHERE officer = ?", (officer,)).fetchone()[0] == 0,
          f"the documents copy predates {officer}")
    db.close()
    rc = stack.stop("documents")
    check(rc == 0, f"vp-documents stopped by its pid for the restore (exit {rc})")
    data = os.path.join(stack.tmp, "volumes", "documents-data")
    for suffix in ("-wal", "-shm"):
        if os.path.exists(os.path.join(data, "documents.db" + suffix)):
            os.remove(os.path.join(data, "documents.db" + suffix))
    shutil.copy(copies["documents"], os.path.join(data, "documents.db"))
    stack.start("documents")
    stack.wait_healthy("documents")
    poll("the restored vp-documents caught up from its cursor", lambda: synced(stack, ["documents"]))
    got = ctl(stack, "--tenant", TENANT, "--actor", CLERK, "documents.get", f"document={doc}")
    check(got.get("officer") == CHU_TICH, f"restored: {doc} is there, assigned to {got.get('officer')}")
    db = sqlite3.connect(os.path.join(data, "documents.db"))
    n = db.execute("SELECT count(*) FROM stf_officer WHERE officer = ?", (officer,)).fetchone()[0]
    db.close()
    check(n == 1, f"restored: vp-documents replayed from its cursor what came after the copy ({officer})")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    source, build = os.path.abspath(args.source), os.path.abspath(args.build)
    compose = os.path.join(source, "docker-compose.yml")
    if shutil.which("docker-compose"):
        r = subprocess.run(["docker-compose", "-f", compose, "--env-file", os.path.join(source, ".env.example"),
                            "config", "-q"], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"FAIL docker-compose config: {r.stderr}", file=sys.stderr)
            return 1
        ok("docker-compose config accepts the file")
    tmp = tempfile.mkdtemp(prefix="vp-compose-", dir=os.environ.get("TMPDIR"))
    stack = Stack(compose, source, build, tmp)
    rc = 0
    try:
        run(stack, args)
    except (Failed, subprocess.SubprocessError, OSError, ValueError) as e:
        print(f"FAIL {e}", file=sys.stderr)
        for service in stack.pids:
            print(f"--- {service} log:\n{stack.log_tail(service)}", file=sys.stderr)
        rc = 1
    finally:
        for service in list(stack.pids):
            stack.stop(service)
        if args.keep or rc:
            print(f"files kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks} passed, {rc} failed")
    return rc


if __name__ == "__main__":
    sys.exit(main())
