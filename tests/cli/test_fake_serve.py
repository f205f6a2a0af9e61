"""``vogent-async fake serve``: the fake API as a server, through the command line."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
from types import SimpleNamespace
from typing import Any

import pytest

import vogent_async
import vogent_async.testing
from vogent_async.cli import main
from vogent_async.testing import ServerStats
from vogent_async.testing import _command as command
from vogent_async.testing._command import SERVE_OPTIONS


async def test_fake_serve_runs_until_sigint_and_prints_its_counters() -> None:
    """The command serves seeded jobs to a client, then Ctrl-C ends it with exit 0 and JSON."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vogent_async", "fake", "serve", "--port", "0", "--jobs", "4"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    try:
        assert "FakeVogent serving at http://127.0.0.1:" in line, line
        base_url = line.split(" at ", 1)[1].split(" ", 1)[0]
        async with vogent_async.Client("test-key", base_url=base_url) as client:
            jobs = await client.batch_dial_jobs.list().to_list()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)

    assert process.returncode == 0, err
    assert len(jobs) == 4
    assert json.loads(out)["requests"] == 1


def test_fake_serve_hands_every_option_to_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each option reaches vogent_async.testing.serve under its name."""
    seen: dict[str, Any] = {}

    def fake_serve(**options: Any) -> ServerStats:
        seen.update(options)
        options["ready"](SimpleNamespace(base_url="http://127.0.0.3:9001/api"))
        return ServerStats(requests=1, throttled=0, max_in_flight=1, in_flight=0)

    monkeypatch.setattr(vogent_async.testing, "serve", fake_serve)
    monkeypatch.setenv("FAKE_HOOK_SECRET", "s3")
    argv = "fake serve --port 9001 --host 127.0.0.3 --api-key k --seed 2 --concurrency-limit 4"
    argv += " --latency 0.5 --jobs 1 --dials 2 --models 3"
    argv += " --speed 2.5 --webhook-url http://127.0.0.1:9/hook"
    argv += " --webhook-secret-env FAKE_HOOK_SECRET"
    argv += " --seed-file world.json"

    assert main(argv.split()) == 0

    assert {k: v for k, v in seen.items() if k != "ready"} == {
        "port": 9001,
        "host": "127.0.0.3",
        "api_key": "k",
        "seed": 2,
        "max_concurrent_requests": 4,
        "latency": 0.5,
        "jobs": 1,
        "dials": 2,
        "models": 3,
        "speed": 2.5,
        "webhook_url": "http://127.0.0.1:9/hook",
        "webhook_secret": "s3",
        "seed_file": "world.json",
    }
    announced, counters = capsys.readouterr().out.splitlines()
    assert announced.startswith("FakeVogent serving at http://127.0.0.3:9001/api")
    assert json.loads(counters)["maxInFlight"] == 1


def test_fake_serve_takes_the_webhook_secret_from_the_environment_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unset variable is a usage error naming it; the secret itself is no option."""
    monkeypatch.delenv("FAKE_HOOK_SECRET", raising=False)
    assert main(["fake", "serve", "--webhook-secret-env", "FAKE_HOOK_SECRET"]) == 2
    assert "FAKE_HOOK_SECRET is not set or is empty" in capsys.readouterr().err
    assert main(["fake", "serve", "--webhook-secret", "s3"]) == 2


def test_fake_serve_refuses_a_zero_limit(capsys: pytest.CaptureFixture[str]) -> None:
    """--concurrency-limit 0 is a usage error, exit 2, naming the option."""
    assert main(["fake", "serve", "--concurrency-limit", "0"]) == 2
    assert "--concurrency-limit" in capsys.readouterr().err


def test_fake_serve_on_a_taken_port_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """A port already in use (or an address not this machine's) is one Error: line, exit 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["fake", "serve", "--port", str(port)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"Error: cannot serve on 127.0.0.1 port {port}: ")


def test_fake_serve_refuses_a_port_beyond_65535(capsys: pytest.CaptureFixture[str]) -> None:
    """--port 70000 is a usage error naming the option, not an OverflowError traceback."""
    assert main(["fake", "serve", "--port", "70000"]) == 2
    assert "--port" in capsys.readouterr().err


def test_fake_serve_refuses_a_bad_seed_file_or_webhook_url(
    tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both are usage errors (exit 2) naming the option and what is wrong."""
    seed = tmp_path / "world.json"
    seed.write_text('{"agents": {}}')
    assert main(["fake", "serve", "--seed-file", str(seed)]) == 2
    assert main(["fake", "serve", "--webhook-url", "http://10.0.0.1/hook"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "--seed-file" in err
    assert "agents: expected a JSON array of objects, got an object" in err
    assert "--webhook-url" in err
    assert "must point at a loopback address" in err


@pytest.mark.parametrize(
    ("flag", "value", "words"),
    [
        ("--port", "70000", "must be a port, 0 to 65535, got 70000"),
        ("--seed", "x", "must be an integer, got x"),
        ("--concurrency-limit", "0", "must be a positive integer, got 0"),
        ("--jobs", "-1", "must be 0 or more, got -1"),
        ("--latency", "-2", "must be 0 or more seconds, got -2"),
        ("--latency", "nan", "must be 0 or more seconds, got nan"),
        ("--speed", "-1", "must be a number, 0 or more, got -1"),
        ("--webhook-url", "http://10.0.0.1/hook", "must point at a loopback address"),
    ],
)
def test_both_serve_commands_refuse_a_value_alike(
    flag: str, value: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The click command and ``python -m vogent_async.testing`` share one option table."""
    assert main(["fake", "serve", flag, value]) == 2
    with pytest.raises(SystemExit) as caught:
        command.main(["serve", flag, value])
    assert caught.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.count(words) == 2, err
    assert flag in err


def test_both_serve_commands_list_every_option_in_one_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each option of `SERVE_OPTIONS` is an option of both commands, in its order, none else."""
    flags = [option.flag for option in SERVE_OPTIONS]
    assert main(["fake", "serve", "--help"]) == 0
    with pytest.raises(SystemExit):
        command.main(["serve", "--help"])
    clicked, parsed = capsys.readouterr().out.split("Usage: ")[1].split("usage: ")

    def listed(text: str) -> list[str]:
        options = text[text.index("ptions:") :]  # the "Options:" or "options:" section
        found = re.findall(r"^\s+(--[a-z-]+)", options, flags=re.MULTILINE)
        return [flag for flag in found if flag != "--help"]

    assert listed(clicked) == flags
    assert listed(parsed) == flags


def test_the_module_command_on_a_taken_port_is_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As with ``vogent-async fake serve``: one line saying why, exit 1, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert command.main(["serve", "--port", str(port)]) == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"error: cannot serve on 127.0.0.1 port {port}: ")
