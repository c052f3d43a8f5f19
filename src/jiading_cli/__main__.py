"""``python -m jiading_cli``: the entry point, loaded inside the handler of a Ctrl-C that comes before jiading
listens for signals (:mod:`jiading_cli.entry`), so that one in the instant it loads is one line, never a traceback."""

try:
    from jiading_cli.entry import main

    main()  # never returns: it ends the process
except KeyboardInterrupt:  # nothing was done yet: Ctrl-C before jiading listens for it
    import os

    os.write(2, b"Error: interrupted\n")
    os._exit(130)
