from peerpact.cli import main

main()
