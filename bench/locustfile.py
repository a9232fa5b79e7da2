"""`make load`'s scenario: staff of the department-scale demo at work, each logged in through the login form.

One coordinator (who gives her TOTP code), one funder, the rest professionals, each with an account of their own;
accounts and the record ids they open come from bench/load.py in the LOAD_ACCOUNTS environment variable. Only
GET pages (what staff read all day) plus the login itself: the bench database is not written to otherwise.
"""

import hashlib
import hmac
import http.cookiejar
import itertools
import json
import os
import random
import re
import struct
import time

from locust import HttpUser, between, events, task
from locust.exception import StopUser

ACCOUNTS = json.loads(os.environ.get("LOAD_ACCOUNTS", "{}"))
PATHS = ACCOUNTS.get("paths", {})  # URL names resolved by bench/load.py; "{id}" stands for a record id
PASSWORD = os.environ.get("LOAD_PASSWORD", "reflex-demo-2026")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_professionals = itertools.cycle(ACCOUNTS.get("professionals", []))


# The app runs as in production (Secure cookies) but is reached over plain HTTP on the loopback here: this load
# generator's cookie jars (requests makes a new one for each request) send them all the same.
http.cookiejar.DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True

_page_times = []  # (ms, ok) of the page views, logins apart: bench/load.py reads them from LOAD_PAGE_TIMES


@events.request.add_listener
def _record_page_view(request_type, name, response_time, exception, **kwargs):
    if request_type == "GET" and not name.startswith(("login", "second factor")):
        _page_times.append((response_time, exception is None))


@events.quitting.add_listener
def _write_page_times(environment, **kwargs):
    if os.environ.get("LOAD_PAGE_TIMES"):
        with open(os.environ["LOAD_PAGE_TIMES"], "w") as handle:
            json.dump(_page_times, handle)


def totp(hex_key, step=30, digits=6):
    """RFC 6238, as django-otp computes it (SHA-1, 30 s, 6 digits)."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(hex_key), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{code % 10**digits:0{digits}d}"


class Staff(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    email = None

    def _post_form(self, path, data, name):
        page = self.client.get(path, name=f"{name} (form)")
        token = CSRF.search(page.text)
        return self.client.post(
            path,
            {**data, "csrfmiddlewaretoken": token.group(1) if token else ""},
            name=name,
            headers={"Referer": page.url},
        )

    def on_start(self):
        response = self._post_form(PATHS["login"], {"username": self.email, "password": PASSWORD}, "login")
        if PATHS.get("second_factor") and PATHS["second_factor"] in response.url:
            path = PATHS["second_factor"] + "?" + response.url.split("?", 1)[-1]
            response = self._post_form(path, {"token": totp(ACCOUNTS["totp_key"])}, "second factor")
        if PATHS["login"] in response.url or (PATHS.get("second_factor") and PATHS["second_factor"] in response.url):
            # Counted among the errors, then this simulated person stops.
            self.environment.events.request.fire(
                request_type="LOGIN",
                name="login refused",
                response_time=0,
                response_length=0,
                exception=RuntimeError(f"{self.email} could not log in"),
                context={},
            )
            raise StopUser()

    def page(self, key, name, record=None, query=""):
        if not PATHS.get(key):
            return  # a page that does not exist in this version of the app
        path = PATHS[key].replace("{id}", str(record)) + query
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")
            elif "/compte/login/" in response.url:
                response.failure(f"sent back to the login page from {path}")


class Professional(Staff):
    weight = 10

    def on_start(self):
        account = next(_professionals)
        self.email, self.youths = account["email"], account["youths"] or ACCOUNTS["youths"]
        super().on_start()

    @task(3)
    def home(self):
        self.page("home", "home")

    @task(4)
    def youth_list(self):
        self.page("youth_list", "youth list")

    @task(2)
    def youth_search(self):
        self.page(
            "youth_list",
            "youth list, filtered",
            query=f"?q={random.choice(['ma', 'sa', 'le', 'in'])}&sort=-last_contact",
        )

    @task(4)
    def youth_page(self):
        self.page("youth_detail", "youth page", random.choice(self.youths))

    @task(2)
    def accompaniment(self):
        self.page("youth_accompaniment", "youth accompaniment", random.choice(self.youths))

    @task(3)
    def workspace(self):
        self.page("workspace", "referent workspace")

    @task(2)
    def planning(self):
        self.page("planning", "outreach planning")

    @task(1)
    def reports(self):
        self.page("reports", "reports page")


class Coordinator(Staff):
    fixed_count = 1

    def on_start(self):
        self.email = ACCOUNTS["coordinator"]
        super().on_start()

    @task(3)
    def dashboard(self):
        self.page("dashboard", "coordinator dashboard")

    @task(2)
    def youth_list(self):
        self.page("youth_list", "youth list")

    @task(1)
    def analytics(self):
        self.page("analytics", "outreach analytics")

    @task(1)
    def reports(self):
        self.page("reports", "reports page")


class Funder(Staff):
    fixed_count = 1

    def on_start(self):
        self.email = ACCOUNTS["funder"]
        super().on_start()

    @task
    def reports(self):
        self.page("reports", "funder reports")
