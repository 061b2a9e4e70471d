from glimmers.cli import main

main()
