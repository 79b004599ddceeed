"""The buyer's pages: the form on the broker's site and embedded, thanks, privacy."""
