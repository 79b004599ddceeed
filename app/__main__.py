"""`python -m app`: the service's command line (app.command_line)."""

from app.command_line import main

if __name__ == "__main__":
    main()
