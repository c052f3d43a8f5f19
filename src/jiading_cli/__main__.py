import os

try:
    from jiading_cli.base import stops
except KeyboardInterrupt:  # Ctrl-C before jiading listens for it: nothing was done
    os.write(2, b"Error: interrupted\n")
    os._exit(130)

stops.install()  # then a signal while the rest loads ends in one line, never a traceback
try:
    from jiading_cli.cli import main
except (KeyboardInterrupt, stops.Stopped) as failure:
    stops.early(failure)

main()
