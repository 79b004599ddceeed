"""The composition root: builds the Vitec clients, stores, senders and workers from the settings."""
