"""The words and odds the fake's generated data is drawn from: names, plans, outcomes, lines."""

from __future__ import annotations

import itertools

__all__ = [
    "AREA_CODES",
    "CAMPAIGNS",
    "CONCURRENCY",
    "FIRST",
    "LAST",
    "LINES",
    "MONTHS",
    "OUTCOMES",
    "OUTCOME_CUMULATIVE",
    "PLANS",
    "REGIONS",
    "REPLIES",
    "TIMEZONES",
]

FIRST = ["Ada", "Grace", "Alan", "Katherine", "Linus", "Margaret", "Dennis", "Barbara"]
LAST = ["Lovelace", "Hopper", "Turing", "Johnson", "Torvalds", "Hamilton", "Ritchie", "Liskov"]
PLANS = ["Basic", "Plus", "Gold", "Family"]
CAMPAIGNS = ["Renewals", "Win-back", "Appointment reminders", "Survey", "Onboarding"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July"]
REGIONS = ["East", "West", "Central", "North"]
AREA_CODES = ["212", "312", "415", "512", "617", "646", "702", "917"]
CONCURRENCY = (1, 2, 5, 10)
TIMEZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London"]

#: (weight, status, systemResultType, answered): how real campaigns tend to end.
OUTCOMES: list[tuple[int, str, str, bool]] = [
    (35, "completed", "USER_HANGUP", True),
    (25, "completed", "AGENT_HANGUP", True),
    (15, "no-answer", "NO_ANSWER", False),
    (9, "completed", "VOICEMAIL_DETECTED_HANGUP", True),
    (5, "busy", "BUSY", False),
    (4, "completed", "TRANSFERRED", True),
    (4, "failed", "FAILED", False),
    (3, "completed", "LONG_SILENCE_HANGUP", True),
]
OUTCOME_CUMULATIVE = list(itertools.accumulate(w for w, *_ in OUTCOMES))

REPLIES = [
    "Oh, hi. Yes, this is {name}.",
    "I have a couple of minutes, go ahead.",
    "Hmm, what would the new price be?",
    "That sounds fine, I think.",
    "Can you call me back next week instead?",
    "No thanks, I'm not interested right now.",
]
LINES = [
    "Hi {name}, this is Ava calling from Northwind about your {plan} plan.",
    "Your plan renews at the end of the month; I can walk you through the options.",
    "The renewal keeps your current rate for another twelve months.",
    "Would you like me to book a follow-up call with an advisor?",
    "Thanks for your time, {name}. Have a great day!",
]
