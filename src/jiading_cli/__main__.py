from jiading_cli.cli import main

main()
