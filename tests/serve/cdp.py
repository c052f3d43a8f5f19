"""Headless Chromium driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``): one tab that
stays open, so a test can watch a page change by itself. Messages are JSON, each ended by a NUL byte, on the
browser's file descriptors 3 (commands in) and 4 (answers and events out)."""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any


class Browser:
    def __init__(self, executable: str, profile: Path, width: int = 1200, height: int = 1500) -> None:
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()

        def wire() -> None:  # in the child: its fds 3 and 4 are the pipes' ends (moved up first: either may be 3 or 4)
            high_in, high_out = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser))
            os.dup2(high_in, 3)
            os.dup2(high_out, 4)

        self.process = subprocess.Popen(
            [
                executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                "--remote-debugging-pipe", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                "about:blank",
            ],
            preexec_fn=wire, pass_fds=(3, 4),  # kept open after preexec_fn; dup2 to fixed numbers needs it
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip

    def _read(self, timeout: float) -> dict[str, Any] | None:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._answers], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._answers, 1 << 20)
            if not chunk:
                raise AssertionError("chromium closed its end of the pipe")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        found: dict[str, Any] = json.loads(message)
        return found

    def call(self, method: str, session: bool = False, timeout: float = 60, **params: Any) -> dict[str, Any]:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            answer = self._read(end - time.monotonic())
            if answer is None:
                break
            if answer.get("id") == self._next:
                assert "error" not in answer, answer["error"]
                result: dict[str, Any] = answer["result"]
                return result
            self.events.append(answer)
        raise AssertionError(f"chromium did not answer {method} in {timeout} s")

    def wait_event(self, method: str, timeout: float = 60) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[index]
                    return event
            found = self._read(min(0.5, max(0.0, end - time.monotonic())))
            if found is not None:
                self.events.append(found)
        raise AssertionError(f"no {method} in {timeout} s")

    def open(self, url: str) -> None:
        """Go to ``url`` and wait until it has loaded."""
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        self.wait_event("Page.loadEventFired")

    def value(self, expression: str) -> Any:
        """What ``expression`` gives in the page."""
        answer = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in answer, answer["exceptionDetails"]
        return answer["result"].get("value")

    def until(self, expression: str, expected: Any, timeout: float = 30) -> Any:
        """Wait until ``expression`` gives ``expected`` (the page may reload meanwhile); the last value."""
        end = time.monotonic() + timeout
        found = None
        while time.monotonic() < end:
            try:
                found = self.value(expression)
            except AssertionError:  # the page was between documents
                found = None
            if found == expected:
                return found
            time.sleep(0.2)
        raise AssertionError(f"{expression} gave {found!r}, not {expected!r}, for {timeout} s")

    def screenshot(self, target: Path) -> None:
        data = self.call("Page.captureScreenshot", session=True, format="png", captureBeyondViewport=False)["data"]
        target.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=10)
        except (AssertionError, OSError):
            self.process.kill()
        self.process.wait(timeout=30)
        os.close(self._commands)
        os.close(self._answers)
