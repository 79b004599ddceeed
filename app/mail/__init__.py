"""Everything e-mail: the SMTP server, the queue and its sender, templates, receipts, alarms."""
