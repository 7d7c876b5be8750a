import sys

try:
    from i18n_pipeline.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting up: nothing was read or written yet
    sys.stderr.write("\ninterrupted while starting; nothing was written\n")
    sys.exit(130)

main()
