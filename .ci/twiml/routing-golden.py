#!/usr/bin/env python3
"""Prints the golden TwiML of the inbound routing plans, built with twilio-python (the
version pinned in .ci/requirements.txt), one `name<TAB>xml` line each. The Rust test
crates/twiml/tests/twiml/routing_golden.rs holds this output; regenerate it with
    python3 .ci/twiml/routing-golden.py
in the CI virtualenv (`pip install -r .ci/requirements.txt`) and paste the lines there."""

from twilio.twiml.voice_response import VoiceResponse, Dial, Gather

BASE = "https://sb.example/webhooks/twilio"
NUMBER = "%2B14155550100"


def ring_client():
    r = VoiceResponse()
    d = Dial(timeout=20, answer_on_bridge=True, action=f"{BASE}/voice/dial-result?leg=client&number={NUMBER}")
    d.client("u_alice")
    r.append(d)
    return r


def forward():
    r = VoiceResponse()
    d = Dial(timeout=15, action=f"{BASE}/voice/dial-result?leg=forward&number={NUMBER}")
    d.number("+14155550123")
    r.append(d)
    return r


def menu():
    r = VoiceResponse()
    g = Gather(input="dtmf speech", action=f"{BASE}/voice/gather?number={NUMBER}&menu=2&attempt=1", timeout=7, num_digits=2)
    g.say("Press 1 for sales.", voice="alice", language="en-US")
    r.append(g)
    r.redirect(f"{BASE}/voice/gather?number={NUMBER}&menu=2&attempt=1&noInput=true")
    return r


def invalid_choice():
    r = VoiceResponse()
    r.say("Sorry, that is not a valid choice.")
    g = Gather(input="dtmf", action=f"{BASE}/voice/gather?number={NUMBER}&menu=&attempt=2", timeout=5, num_digits=1)
    g.play("https://example.com/menu.mp3")
    r.append(g)
    r.redirect(f"{BASE}/voice/gather?number={NUMBER}&menu=&attempt=2&noInput=true")
    return r


def voicemail():
    r = VoiceResponse()
    r.say("The person you are calling is not available. Please leave a message after the beep.")
    r.record(max_length=120, play_beep=True, action=f"{BASE}/voice/voicemail-done?number={NUMBER}",
             recording_status_callback=f"{BASE}/recordings?kind=voicemail&number={NUMBER}",
             recording_status_callback_event="completed absent")
    return r


def spoken_end():
    r = VoiceResponse()
    r.say("The person you are calling is not available. Goodbye.")
    r.hangup()
    return r


for name, build in [("ring_client", ring_client), ("forward", forward), ("menu", menu),
                    ("invalid_choice", invalid_choice), ("voicemail", voicemail), ("spoken_end", spoken_end)]:
    print(f"{name}\t{build()}")
