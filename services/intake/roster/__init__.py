"""The compound's roster: read a CSV, check every line, import all of it or nothing."""
