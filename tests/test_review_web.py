"""`workbench review --web`: the review screen served by textual-serve, loaded in a
real headless browser (Debian's chromium driven by Playwright, which downloads
nothing: `executable_path` points at the system's browser)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GOLD

CHROMIUM = next((p for p in (shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser"))
                 if p and Path(p).exists()), None)

# textual.js keeps its xterm.js Terminal on the object that then receives `fitAddon`:
# catch that assignment to read what the terminal shows (it paints on a canvas)
EXPOSE_TERMINAL = """
Object.defineProperty(Object.prototype, "fitAddon", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "fitAddon", {value, writable: true, configurable: true, enumerable: true});
    if (this.terminal) { window.__reviewTerminal = this.terminal; }
  },
});
"""

SCREEN_TEXT = """() => {
  const t = window.__reviewTerminal;
  if (!t) return "";
  const b = t.buffer.active, out = [];
  for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l) out.push(l.translateToString(true)); }
  return out.join("\\n");
}"""


def needs_browser():
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (extra 'web'): no --web to test")
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (extra 'test')")
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine (.ci/run installs Debian's chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"the server stopped: {proc.stderr.read() if proc.stderr else ''}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


@pytest.fixture
def project(tmp_path) -> Path:
    from workbench.pipeline import build_project
    from workbench.store import Store

    (tmp_path / "corpus").mkdir()
    shutil.copy(GOLD / "short_book.txt", tmp_path / "corpus" / "short_book.txt")
    with Store.open(tmp_path) as store:
        build_project(store, tmp_path)
    return tmp_path


def test_review_in_a_headless_browser_shows_the_first_unit_and_saves_an_edit(project):
    needs_browser()
    from playwright.sync_api import sync_playwright

    from workbench.store import Store

    with Store.open(project, readonly=True) as store:
        first = (store.units(queue="titles") or store.units(queue="sentences"))[0]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "WORKBENCH_DEBUG"}
    server = subprocess.Popen([sys.executable, "-m", "workbench", "review", "--web", "--port", str(port),
                               "--project", str(project), "--who", "web-tester"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                              start_new_session=True)
    try:
        wait_for_port(port, server)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                # no network: the page's web font comes from outside
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(f"http://127.0.0.1:{port}")
                           or r.request.url.startswith(f"ws://127.0.0.1:{port}") else r.abort())
                page.add_init_script(EXPOSE_TERMINAL)
                page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
                words = " ".join(first.source.split()[:3])
                page.wait_for_function(f"() => ({SCREEN_TEXT})().includes({words!r})", timeout=60_000)
                screen = page.evaluate(SCREEN_TEXT)
                assert "Titles" in screen or "Sentences" in screen, screen
                # typing in the browser is a reviewer's edit, committed to the store
                page.focus(".xterm-helper-textarea")  # the keyboard goes to the terminal, as after a click
                page.keyboard.type("webcheck ")
                deadline = time.monotonic() + 30
                saved = None
                while time.monotonic() < deadline:
                    with Store.open(project, readonly=True) as store:
                        saved = store.unit(first.key)
                    if saved and "webcheck " in saved.text:
                        break
                    time.sleep(0.3)
                assert saved and saved.text == "webcheck " + first.text and saved.status == "draft", saved
                with Store.open(project, readonly=True) as store:
                    assert [h.who for h in store.history(first.key)] == ["web-tester"]
            finally:
                browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_web_refuses_a_taken_port_in_one_line(project):
    pytest.importorskip("textual_serve", reason="textual-serve is not installed (extra 'web')")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        p = subprocess.run([sys.executable, "-m", "workbench", "review", "--web", "--port", str(port),
                            "--project", str(project)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and f"127.0.0.1:{port}" in p.stderr, p.stderr


def test_web_without_the_extra_says_what_to_install(project):
    code = ("import sys; sys.modules['textual_serve'] = None\n"
            "from workbench.cli import main; sys.exit(main(sys.argv[1:]))")
    p = subprocess.run([sys.executable, "-c", code, "review", "--web", "--project", str(project)],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stderr == "workbench review --web: install the web extra: pip install -e '.[web]'\n"
