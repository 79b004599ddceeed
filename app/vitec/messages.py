"""Vitec's known English refusals in Swedish. Vitec Connect is an ASP.NET Web API: a 400's
ModelState carries the framework's default messages (DataAnnotations, model binding), which
name the C# property (`EmailAddress`) in English. The field itself is named by the form's
label beside the message, so the Swedish says what is wrong without repeating it."""

from __future__ import annotations

import re

_EMAIL = "E-postadressen är inte giltig enligt Vitec."
_REQUIRED = "Vitec kräver att fältet är ifyllt."
_UNREADABLE = "Vitec kunde inte läsa värdet."

# (Vitec's message as a pattern, the Swedish; `{name}` takes the named group's value).
# A message is matched whole; the first pattern that matches wins.
KNOWN: tuple[tuple[str, str], ...] = (
    (r"The field \w+ must be a valid e-mail address\.", _EMAIL),
    (r"The \w+ field is not a valid e-mail address\.", _EMAIL),
    (r"The EmailAddress2? field is not valid\.", _EMAIL),
    (r"The \w+ field is not a valid phone number\.", "Vitec godtar inte telefonnumret."),
    (r"The \w+ field is required\.", _REQUIRED),
    (r"A value is required\.", _REQUIRED),
    (r"Required property '\w+' not found in JSON\..*", _REQUIRED),
    (
        r"The field \w+ must be a string with a minimum length of (?P<least>\d+) and a "
        r"maximum length of (?P<most>\d+)\.",
        "Vitec tar {least}–{most} tecken här.",
    ),
    (
        r"The field \w+ must be a string(?: or array type)? with a maximum length of "
        r"'?(?P<most>\d+)'?\.",
        "Vitec tar högst {most} tecken här.",
    ),
    (
        r"The field \w+ must be between (?P<low>[-\d.,]+) and (?P<high>[-\d.,]+)\.",
        "Vitec tar bara värden från {low} till {high}.",
    ),
    (
        r"The field \w+ must match the regular expression '.*'\.",
        "Värdet har inte den form Vitec kräver.",
    ),
    (r"The value '.*' is not valid for \w+\.", _UNREADABLE),
    (r"The value '.*' is invalid\.", _UNREADABLE),
    (r"Error converting value .* to type '.*'\..*", _UNREADABLE),
    (r"Could not convert string to \w+: .*", _UNREADABLE),
    (r"The \w+ field is not valid\.", "Vitec godtar inte värdet."),
)
_COMPILED = tuple((re.compile(pattern, re.S), swedish) for pattern, swedish in KNOWN)


def in_swedish(message: str) -> str | None:
    """Vitec's message in Swedish when it is one of the known English ones; None otherwise
    (Vitec's own Swedish, or a message not seen before, is shown as it came)."""
    text = message.strip()
    for pattern, swedish in _COMPILED:
        found = pattern.fullmatch(text)
        if found:
            return swedish.format(**found.groupdict())
    return None
