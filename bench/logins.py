"""`make logins`: how many password checks per second this machine does with the configured hasher (Argon2id).

A login costs one check; the rest of the login (session, journal) is measured by `make load`. Threads check in
parallel as gunicorn's threads would (argon2-cffi releases the interpreter lock while it hashes).

    python bench/logins.py [--seconds 10] [--threads 4]
"""

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reflex.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    options = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.hashers import check_password, get_hasher, make_password

    password = "une phrase de passe du matin"
    encoded = make_password(password)
    hasher = get_hasher()
    deadline = time.perf_counter() + options.seconds

    def checks():
        done = 0
        while time.perf_counter() < deadline:
            assert check_password(password, encoded)
            done += 1
        return done

    started = time.perf_counter()
    with ThreadPoolExecutor(options.threads) as pool:
        total = sum(pool.map(lambda _: checks(), range(options.threads)))
    elapsed = time.perf_counter() - started
    print(f"{hasher.algorithm} ({encoded.split('$')[3] if hasher.algorithm == 'argon2' else hasher.iterations})")
    print(f"{total} password checks in {elapsed:.1f} s with {options.threads} threads: {total / elapsed:.1f} logins/s")
    print(f"50 staff logging in need {50 / (total / elapsed):.1f} s of this machine in all")


if __name__ == "__main__":
    main()
