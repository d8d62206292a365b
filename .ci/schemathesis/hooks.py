"""Schemathesis hooks for Switchboard's CI run.

The Twilio webhooks refuse any request without a valid X-Twilio-Signature, so generated
requests would only ever meet the 403 path. This hook signs each one with Twilio's own
library (twilio.request_validator), as Twilio would, so the handlers behind the check are
exercised too. The auth token is the one the default run's stand-in was started with
(TWILIO_SIM_AUTH_TOKEN); the URL is SWITCHBOARD_URL, which is also the default run's
public base URL.
"""

import os

import schemathesis
from requests.models import RequestEncodingMixin
from twilio.request_validator import RequestValidator

VALIDATOR = RequestValidator(os.environ["TWILIO_SIM_AUTH_TOKEN"])
BASE_URL = os.environ["SWITCHBOARD_URL"].rstrip("/")


def _text(value):
    return value if isinstance(value, str) else str(value)


def _as_sent(value):
    """A form value as requests sends it: a list is the parameter repeated, anything else its str()."""
    if isinstance(value, list):
        return [_text(v) for v in value]
    return _text(value)


class _Form(dict):
    """Form parameters, a list being one parameter given several times (the MultiDict
    interface Twilio's validator reads repeated parameters through)."""

    def getall(self, name):
        value = self[name]
        return value if isinstance(value, list) else [value]


def _short_poll(case):
    """`GET /v1/phone/events` is a long poll: with `after` it waits up to `wait` seconds
    (default 20) for the console's next event, longer than the client's read timeout. Every
    poll sent waits 0 s instead; a `wait` outside 0..20 is kept, so its 400 is still
    checked."""
    query = case.query if case.query is not None else {}
    wait = query.get("wait")
    if wait is None or (isinstance(wait, int) and not isinstance(wait, bool) and 0 <= wait <= 20) or (
        isinstance(wait, str) and wait.isdigit() and int(wait) <= 20
    ):
        query["wait"] = 0
        case.query = query


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if case.path == "/v1/phone/events":
        _short_poll(case)
    if not case.path.startswith("/webhooks/twilio/"):
        return
    url = BASE_URL + case.formatted_path
    params = {}
    if case.method.upper() == "GET":
        if case.query:
            # The query exactly as requests will encode it: the signature covers the URL sent.
            url += "?" + RequestEncodingMixin._encode_params(case.query)
    elif isinstance(case.body, dict):
        params = _Form({k: _as_sent(v) for k, v in case.body.items()})
    # Only a request that carries the header gets a valid one: a request generated without it
    # (Schemathesis's missing-header check) must still be refused.
    if not case.headers or "X-Twilio-Signature" not in case.headers:
        return
    case.headers["X-Twilio-Signature"] = VALIDATOR.compute_signature(url, params)

