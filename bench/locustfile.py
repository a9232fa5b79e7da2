"""`make load`'s scenario: staff of the department-scale demo at work, each logged in through the login form.

One coordinator (who gives her TOTP code), one funder, the rest professionals, each with an account of their own;
accounts and the record ids they open come from bench/load.py in the LOAD_ACCOUNTS environment variable. Only
GET pages (what staff read all day) plus the login itself: the bench database is not written to otherwise.
"""

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time

from locust import HttpUser, between, task

ACCOUNTS = json.loads(os.environ.get("LOAD_ACCOUNTS", "{}"))
PATHS = ACCOUNTS.get("paths", {})  # URL names resolved by bench/load.py; "{id}" stands for a record id
PASSWORD = os.environ.get("LOAD_PASSWORD", "reflex-demo-2026")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_professionals = itertools.cycle(ACCOUNTS.get("professionals", []))


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

    def _unsecure_cookies(self):
        # The app runs as in production (secure cookies), but here over plain HTTP on the loopback.
        for cookie in self.client.cookies:
            cookie.secure = False

    def _post_form(self, path, data, name):
        page = self.client.get(path, name=f"{name} (form)")
        self._unsecure_cookies()
        token = CSRF.search(page.text)
        response = self.client.post(
            path,
            {**data, "csrfmiddlewaretoken": token.group(1) if token else ""},
            name=name,
            headers={"Referer": page.url},
        )
        self._unsecure_cookies()
        return response

    def on_start(self):
        response = self._post_form(PATHS["login"], {"username": self.email, "password": PASSWORD}, "login")
        if PATHS.get("second_factor") and PATHS["second_factor"] in response.url:
            path = PATHS["second_factor"] + "?" + response.url.split("?", 1)[-1]
            response = self._post_form(path, {"token": totp(ACCOUNTS["totp_key"])}, "second factor")
        if PATHS["login"] in response.url or (PATHS.get("second_factor") and PATHS["second_factor"] in response.url):
            raise RuntimeError(f"{self.email} could not log in")

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
