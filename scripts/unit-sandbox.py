#!/usr/bin/python3
"""Runs registrard under the sandbox of its systemd unit, without systemd as PID 1.

What the unit asks of the kernel is rebuilt here as systemd's exec step would do it:
  * SystemCallFilter= (every line, in order: the first decides allow- or deny-listing, later lines add
    or remove) expanded with `systemd-analyze syscall-filter`, plus @default, which systemd always allows;
    the default action kills the process with SIGSYS (or fails with SystemCallErrorNumber=);
  * SystemCallArchitectures=native (libseccomp's filter admits the native architecture only);
  * RestrictAddressFamilies= (socket(2) of another family fails with EAFNOSUPPORT);
  * MemoryDenyWriteExecute= (mmap/mprotect/pkey_mprotect of writable and executable memory fail with EPERM);
  * NoNewPrivileges=, User=/Group= (root drops to the service user, or --user), UMask=, LimitNOFILE=, LimitCORE=;
  * Type=notify and WatchdogSec=: NOTIFY_SOCKET and WATCHDOG_USEC are given, and READY=1, WATCHDOG=1,
    RELOADING=1 (on ExecReload's SIGHUP) and STOPPING=1 (on SIGTERM) are awaited.
Everything that needs namespaces or cgroups (ProtectSystem=, PrivateTmp=, ProtectHome=, PrivateDevices=,
Protect*=, RestrictNamespaces=, ReadWritePaths=, StateDirectory=, LogsDirectory=, ProcSubset=) is not
exercised: the script says so in its report.

  unit-sandbox.py --unit Config/registrard.service --binary .build/debug/registrard --config Config/registrar.conf
      starts registrard in the sandbox, checks /healthz, the notifications, SIGHUP and SIGTERM; exit 0 when all pass.
  unit-sandbox.py --unit ... --probe SYSCALL
      the negative (or positive) control: calls SYSCALL under the same filter and reports how the process ended.

Output: one line per check, "ok ..." or "FAIL ...", and a last line "result: pass|fail".
"""
import argparse
import ctypes
import errno
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import seccomp

EXERCISED = [
    "SystemCallFilter", "SystemCallArchitectures", "SystemCallErrorNumber", "RestrictAddressFamilies",
    "MemoryDenyWriteExecute", "NoNewPrivileges", "User", "Group", "UMask", "LimitNOFILE",
    "LimitCORE", "Type", "WatchdogSec", "ExecReload", "ExecStart",
]


def parse_unit(path):
    """The [Service] section's assignments, in order, as (key, value) pairs."""
    pairs = []
    section = None
    with open(path, encoding="utf-8") as unit:
        for raw in unit:
            line = raw.strip()
            if not line or line.startswith("#") or line.startswith(";"):
                continue
            if line.startswith("["):
                section = line
                continue
            if section == "[Service]" and "=" in line:
                key, value = line.split("=", 1)
                pairs.append((key.strip(), value.strip()))
    return pairs


GROUPS = {}


def expand(name):
    """A syscall or @group, expanded recursively with systemd-analyze."""
    if not name.startswith("@"):
        return {name}
    if name not in GROUPS:
        output = subprocess.run(["systemd-analyze", "syscall-filter", name], check=True, capture_output=True, text=True).stdout
        members = set()
        for line in output.splitlines()[1:]:
            item = line.strip()
            if not item or item.startswith("#"):
                continue
            members |= expand(item)
        GROUPS[name] = members
    return GROUPS[name]


def allowed_syscalls(pairs):
    """systemd's merge of SystemCallFilter= lines: the first line decides the mode."""
    allow = None
    names = set()
    for key, value in pairs:
        if key != "SystemCallFilter":
            continue
        if not value:
            allow, names = None, set()
            continue
        negate = value.startswith("~")
        items = set()
        for token in value.lstrip("~").split():
            items |= expand(token)
        if allow is None:
            allow = not negate
            names = set(items)
        elif allow:
            names = names - items if negate else names | items
        else:
            names = names | items if negate else names - items
    if allow is None:
        return None, set()
    if allow:
        names |= expand("@default")
    return allow, names


def setting(pairs, key, default=None):
    value = default
    for k, v in pairs:
        if k == key:
            value = v
    return value


def add_rule(flt, action, name, *args):
    try:
        flt.add_rule(action, name, *args)
    except (RuntimeError, ValueError, OSError):
        pass  # not a system call of this architecture


def build_filter(pairs):
    allow, names = allowed_syscalls(pairs)
    error = setting(pairs, "SystemCallErrorNumber")
    deny = seccomp.ERRNO(getattr(errno, error)) if error else seccomp.KILL_PROCESS
    if allow is None:
        flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    elif allow:
        flt = seccomp.SyscallFilter(defaction=deny)
        for name in sorted(names):
            add_rule(flt, seccomp.ALLOW, name)
    else:
        flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        for name in sorted(names):
            add_rule(flt, deny, name)
    return flt


def extra_filters(pairs):
    """RestrictAddressFamilies= and MemoryDenyWriteExecute= as systemd builds them."""
    filters = []
    families = setting(pairs, "RestrictAddressFamilies")
    if families:
        flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        allowed = {getattr(socket, name) for name in families.lstrip("~").split()}
        if families.startswith("~"):
            for family in sorted(allowed):
                add_rule(flt, seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, family))
        else:
            for family in range(0, 64):
                if family not in allowed:
                    add_rule(flt, seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.EQ, family))
        filters.append(flt)
    if setting(pairs, "MemoryDenyWriteExecute") == "yes":
        flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        wx = 0x2 | 0x4  # PROT_WRITE | PROT_EXEC
        add_rule(flt, seccomp.ERRNO(errno.EPERM), "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, wx, wx))
        add_rule(flt, seccomp.ERRNO(errno.EPERM), "mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, 0x4, 0x4))
        add_rule(flt, seccomp.ERRNO(errno.EPERM), "pkey_mprotect", seccomp.Arg(2, seccomp.MASKED_EQ, 0x4, 0x4))
        add_rule(flt, seccomp.ERRNO(errno.EPERM), "shmat", seccomp.Arg(2, seccomp.MASKED_EQ, 0o100000, 0o100000))
        filters.append(flt)
    return filters


def limit(value):
    if value in ("infinity", None):
        return None
    return int(value)


def enter_sandbox(pairs, user):
    """In the child: limits, the user, NoNewPrivileges, then the filters (after the uid change, as systemd)."""
    os.umask(int(setting(pairs, "UMask", "0022"), 8))
    import resource
    for key, which in (("LimitNOFILE", resource.RLIMIT_NOFILE), ("LimitCORE", resource.RLIMIT_CORE)):
        value = limit(setting(pairs, key))
        if value is not None:
            try:
                resource.setrlimit(which, (value, value))
            except ValueError:
                # This machine's hard limit is lower (a container): as high as it allows.
                hard = resource.getrlimit(which)[1]
                resource.setrlimit(which, (min(value, hard), min(value, hard)))
    if user is not None:
        os.setgroups([])
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    if setting(pairs, "NoNewPrivileges") == "yes":
        ctypes.CDLL(None, use_errno=True).prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
    for flt in extra_filters(pairs):
        flt.load()
    build_filter(pairs).load()


def service_user(requested, pairs):
    if os.geteuid() != 0:
        return None
    for name in (requested, setting(pairs, "User"), "nobody"):
        if not name:
            continue
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


def describe(status):
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        return "killed by " + signal.Signals(number).name
    return "exit %d" % os.WEXITSTATUS(status)


def probe(pairs, user, name):
    """Calls one system call under the sandbox; the report says how the child ended."""
    number = seccomp.resolve_syscall(seccomp.Arch.NATIVE, name)
    libc = ctypes.CDLL(None, use_errno=True)
    pid = os.fork()
    if pid == 0:
        try:
            enter_sandbox(pairs, user)
        except BaseException as error:  # the sandbox could not be entered: not a pass
            print("cannot enter the sandbox: %r" % error, flush=True)
            os._exit(3)
        libc.syscall(number, 0, 0, 0)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    print("probe %s: %s" % (name, describe(status)))
    return status


class Notifications:
    """NOTIFY_SOCKET: what the service sends; waits end early when the service has ended."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify")
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.path)
        self.received = []
        self.pid = None
        self.status = None

    def ended(self):
        if self.status is None and self.pid is not None:
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
        return self.status is not None

    def wait(self, text, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if any(text in message for message in self.received):
                return True
            self.socket.settimeout(min(0.2, max(0.01, deadline - time.time())))
            try:
                self.received.append(self.socket.recv(4096).decode())
            except socket.timeout:
                if self.ended():
                    break
        return any(text in message for message in self.received)


def healthy(port):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_service(pairs, user, arguments):
    results = []

    def check(ok, what):
        results.append(ok)
        print(("ok " if ok else "FAIL ") + what, flush=True)

    directory = tempfile.mkdtemp(prefix="registrar-sandbox-")
    os.chmod(directory, 0o755)
    data = os.path.join(directory, "data")
    os.mkdir(data, 0o700)
    log_file = os.path.join(directory, "access.log")
    if user is not None:
        os.chown(data, user.pw_uid, user.pw_gid)
    # The configuration as the unit gives it, with a scratch data directory, port and access log file.
    config = os.path.join(directory, "registrar.conf")
    base = os.path.dirname(os.path.abspath(arguments.config))
    with open(arguments.config, encoding="utf-8") as source, open(config, "w", encoding="utf-8") as target:
        for line in source:
            key = line.split("=", 1)[0].strip()
            if key in ("reference_directory", "texts_directory"):
                line = "%s = %s\n" % (key, os.path.join(base, line.split("=", 1)[1].strip()))
            elif key == "access_log":
                line = "access_log = %s\n" % log_file
            target.write(line)
    os.chmod(config, 0o644)
    if user is not None:
        os.chown(directory, user.pw_uid, user.pw_gid)
    port = free_port()
    notify = Notifications(directory)
    if user is not None:
        os.chown(notify.path, user.pw_uid, user.pw_gid)
    watchdog = setting(pairs, "WatchdogSec")
    environment = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "NOTIFY_SOCKET": notify.path}
    if watchdog:
        environment["WATCHDOG_USEC"] = str(int(float(watchdog.rstrip("s")) * 1_000_000))
    command = [os.path.abspath(arguments.binary), "--config", config, "--data-dir", data, "--listen", "127.0.0.1:%d" % port]
    print("unit settings exercised: " + ", ".join(EXERCISED))
    print("unit settings not exercised (namespaces, cgroups, mounts): " + ", ".join(
        sorted({k for k, _ in pairs} - set(EXERCISED) - {"Restart", "RestartSec"})))
    stderr_path = os.path.join(directory, "stderr")
    pid = os.fork()
    if pid == 0:
        try:
            fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT, 0o644)
            os.dup2(fd, 2)
            os.dup2(fd, 1)
            os.chdir("/")
            enter_sandbox(pairs, user)
            os.execve(command[0], command, environment)
        except BaseException as error:
            os.write(2, ("cannot start in the sandbox: %r\n" % error).encode())
        finally:
            os._exit(127)
    notify.pid = pid
    status = None
    try:
        check(notify.wait("READY=1", 30), "READY=1 notified after listening (Type=notify)")
        if notify.ended():
            raise RuntimeError("registrard ended at start")
        check(healthy(port), "/healthz answers under the filter")
        if watchdog:
            check(notify.wait("WATCHDOG=1", 10), "WATCHDOG=1 within WatchdogSec=%s" % watchdog)
        urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=2).read()
        os.rename(log_file, log_file + ".1")
        notify.received.clear()
        os.kill(pid, signal.SIGHUP)  # ExecReload=/bin/kill -HUP $MAINPID
        check(notify.wait("RELOADING=1", 10) and notify.wait("READY=1", 10), "SIGHUP: RELOADING=1 then READY=1")
        urllib.request.urlopen("http://127.0.0.1:%d/healthz" % port, timeout=2).read()
        time.sleep(0.2)
        check(os.path.exists(log_file) and "/healthz" in open(log_file, encoding="utf-8").read(),
              "SIGHUP reopened the access log at its path")
        os.kill(pid, signal.SIGTERM)
        check(notify.wait("STOPPING=1", 15), "STOPPING=1 on SIGTERM")
        deadline = time.time() + 20
        while time.time() < deadline and not notify.ended():
            time.sleep(0.05)
        status = notify.status
        check(status is not None and describe(status) == "exit 0",
              "stopped cleanly (%s)" % (describe(status) if status is not None else "still running"))
    except (RuntimeError, OSError) as error:
        check(False, str(error))
    finally:
        if not notify.ended():
            os.kill(pid, signal.SIGKILL)
            _, notify.status = os.waitpid(pid, 0)
        print("registrard: %s" % describe(notify.status))
        with open(stderr_path, encoding="utf-8", errors="replace") as err:
            for line in err.read().splitlines()[-15:]:
                print("  stderr: " + line)
        shutil.rmtree(directory, ignore_errors=True)
    return all(results)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", required=True)
    parser.add_argument("--binary")
    parser.add_argument("--config")
    parser.add_argument("--user")
    parser.add_argument("--probe")
    arguments = parser.parse_args()
    pairs = parse_unit(arguments.unit)
    user = service_user(arguments.user, pairs)
    print("running as " + (user.pw_name if user is not None else pwd.getpwuid(os.geteuid()).pw_name))
    if arguments.probe:
        status = probe(pairs, user, arguments.probe)
        ok = os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    else:
        ok = run_service(pairs, user, arguments)
    print("result: " + ("pass" if ok else "fail"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
