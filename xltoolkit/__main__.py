from xltoolkit.cli import main

main()
