"""schemathesis hooks for ocop (loaded through SCHEMATHESIS_HOOKS by scripts/schemathesis.sh).

Every request is sent as a logged-in demo user (OCOP_ST_USER, password
OCOP_ST_PASSWORD): the session cookie and the CSRF token come from a real login
through the API (`GET /api/v1/auth/csrf`, then `POST /api/v1/auth/login`), and the
token rides on every request in `X-CSRF-Token`, as the browser does. The session is
renewed every 20 s, so an operation that ends it (logout, revoking the user's
sessions) only costs a few requests until the next login.
"""

import os

import requests
import schemathesis

BASE = os.environ["OCOP_ST_BASE"]
USER = os.environ.get("OCOP_ST_USER", "admin")
PASSWORD = os.environ.get("OCOP_ST_PASSWORD", "ocop-demo-2026")


@schemathesis.auth(refresh_interval=20)
class DemoSession:
    def get(self, case, ctx):
        session = requests.Session()
        token = session.get(f"{BASE}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
        answer = session.post(
            f"{BASE}/api/v1/auth/login",
            json={"username": USER, "password": PASSWORD},
            headers={"X-CSRF-Token": token},
            timeout=30,
        )
        answer.raise_for_status()
        # A new CSRF token bound to the new session.
        token = session.get(f"{BASE}/api/v1/auth/csrf", timeout=30).json()["csrf_token"]
        return {"cookies": session.cookies.get_dict(), "token": token}

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["X-CSRF-Token"] = data["token"]
        case.cookies = {**(case.cookies or {}), **data["cookies"]}


# Workbook uploads are raw bytes, like application/octet-stream.
schemathesis.serializer.alias(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"
)
