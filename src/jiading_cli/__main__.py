from jiading_cli.entry import main

main()
