"""The sandbox's mail page (/e-post, so /sandlada/e-post in the app): the e-mails the service
sent while no SMTP_URL was set, each as text and as HTML. Loopback only, like the controls."""

from __future__ import annotations

from flask import Flask, Response, abort, jsonify, render_template_string, request

from sandbox.controls import is_loopback
from sandbox.mailbox import Mailbox

PAGE = "/e-post"

TEMPLATE = """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sandlådans e-post</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }
article { border: 1px solid #ccc; border-radius: .4rem; margin: 1rem 0; padding: 0 1rem 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: bold; }
pre { white-space: pre-wrap; background: #f5f5f5; padding: .75rem; }
iframe { width: 100%; height: 40rem; border: 1px solid #ddd; }
</style></head>
<body>
<h1>Sandlådans e-post</h1>
<p>E-post som tjänsten har skickat i sandlådeläge (utan <code>SMTP_URL</code>). Inget av det
har lämnat datorn. Nyast först; listan töms när tjänsten startas om.</p>
{% if not messages %}<p>Inga e-postmeddelanden än.</p>{% endif %}
{% for m in messages %}
<article>
  <h2>{{ m.subject }}</h2>
  <dl>
    <dt>Från</dt><dd>{{ m.sender }}</dd>
    <dt>Till</dt><dd>{{ m.to }}</dd>
    <dt>Datum</dt><dd>{{ m.date }}</dd>
    <dt>Message-ID</dt><dd><code>{{ m.message_id }}</code></dd>
  </dl>
  <details open><summary>HTML</summary>
    <iframe sandbox title="{{ m.subject }} (HTML)" srcdoc="{{ m.html }}"></iframe>
  </details>
  <details><summary>Text</summary><pre>{{ m.text }}</pre></details>
</article>
{% endfor %}
</body></html>
"""


def _view(received) -> dict[str, str]:
    message = received.message
    return {
        "subject": message["Subject"] or "",
        "sender": message["From"] or received.mail_from,
        "to": ", ".join(received.recipients),
        "date": message["Date"] or "",
        "message_id": message["Message-ID"] or "",
        "text": received.part("plain"),
        "html": received.part("html"),
    }


def register_mail_page(app: Flask, mailbox: Mailbox) -> None:
    """Show the caught e-mails at /e-post; /_sandbox/mail lists (GET) or forgets (DELETE) them."""

    @app.before_request
    def mail_page_on_loopback_only() -> None:
        if request.path == PAGE and not is_loopback(request.remote_addr):
            abort(404)

    @app.get(PAGE)
    def mail_page():
        messages = [_view(received) for received in reversed(mailbox.received())]
        return render_template_string(TEMPLATE, messages=messages)

    @app.get("/_sandbox/mail")
    def mail_list():
        return jsonify([_view(received) for received in mailbox.received()])

    @app.delete("/_sandbox/mail")
    def mail_clear():
        mailbox.clear()
        return Response(status=204)
