"""Headless Chromium driven through chromedriver's W3C WebDriver HTTP API, standard library only:
what the browser tests (check_site.py, check_serve.py) share."""
import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# --no-sandbox: CI runs as root. The background-networking flags keep Chromium from reaching for
# the network at all: without them it stalls on the closed network.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1200,1600",
]

class DriverError(Exception):
    pass


class WebDriver:
    """The few WebDriver commands the check needs."""

    def __init__(self, work):
        self.work = work
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log = open(os.path.join(work, "chromedriver.log"), "w")
        self.process = subprocess.Popen(
            [CHROMEDRIVER, f"--port={self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        self.session = None
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except (DriverError, OSError):
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise DriverError("chromedriver did not start; see " + self.log.name)
            time.sleep(0.1)
        options = {
            "binary": CHROMIUM,
            "args": CHROMIUM_FLAGS + ["--user-data-dir=" + os.path.join(work, "profile")],
            "perfLoggingPrefs": {"enableNetwork": True, "enablePage": False},
            # A link that downloads saves into the scratch folder, without asking.
            "prefs": {"download.default_directory": os.path.join(work, "downloads"),
                      "download.prompt_for_download": False},
        }
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        }
        reply = self.call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        self.session = "/session/" + reply["sessionId"]
        # The browser's own start page loads chrome:// resources: away from it, and forget them.
        self.open("about:blank")
        self.logs("browser")
        self.logs("performance")

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.load(response)["value"]
        except urllib.error.HTTPError as e:
            raise DriverError(f"{method} {path}: {e.read().decode(errors='replace')}") from e

    def open(self, url):
        self.call("POST", self.session + "/url", {"url": url})

    def run(self, script):
        return self.call("POST", self.session + "/execute/sync", {"script": script, "args": []})

    def url(self):
        return self.call("GET", self.session + "/url")

    def click_all(self, selector, after_click):
        """Clicks each element `selector` finds, as a user would, and calls after_click(index)
        after each; the page is opened again before the next click."""
        page = self.url()
        count = len(self.call("POST", self.session + "/elements",
                              {"using": "css selector", "value": selector}))
        for index in range(count):
            elements = self.call("POST", self.session + "/elements",
                                 {"using": "css selector", "value": selector})
            element = list(elements[index].values())[0]
            self.call("POST", self.session + f"/element/{element}/click", {})
            time.sleep(0.3)  # a navigation or a download starts
            after_click(index)
            for handle in self.call("GET", self.session + "/window/handles")[1:]:
                self.call("POST", self.session + "/window", {"handle": handle})
                self.call("DELETE", self.session + "/window")
            handles = self.call("GET", self.session + "/window/handles")
            self.call("POST", self.session + "/window", {"handle": handles[0]})
            self.open(page)

    def logs(self, kind):
        return self.call("POST", self.session + "/se/log", {"type": kind})

    def close(self):
        try:
            if self.session:
                self.call("DELETE", self.session)
        except (DriverError, OSError):
            pass
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def element(self, selector):
        """The id of the first element `selector` finds; DriverError when there is none."""
        found = self.call("POST", self.session + "/element",
                          {"using": "css selector", "value": selector})
        return list(found.values())[0]

    def type_into(self, selector, text):
        element = self.element(selector)
        self.call("POST", self.session + f"/element/{element}/value", {"text": text})

    def click(self, selector):
        element = self.element(selector)
        self.call("POST", self.session + f"/element/{element}/click", {})

    def allow_downloads(self, folder):
        """Headless Chromium saves downloads only when told where (Chrome DevTools Protocol)."""
        self.call("POST", self.session + "/goog/cdp/execute",
                  {"cmd": "Browser.setDownloadBehavior",
                   "params": {"behavior": "allow", "downloadPath": folder}})

    def screenshot(self):
        """The viewport as PNG bytes."""
        return base64.b64decode(self.call("GET", self.session + "/screenshot"))


def requested_urls(performance_log):
    for entry in performance_log:
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            yield message["params"]["request"]["url"]
