"""The read side shared by the HTTP API, the command line and the web pages: lists and
histories, charter text, timeline, network, commitments board and reports. Functions take a
Database (and the ledger where needed) plus explicit arguments and return plain data."""
