"""lastmile's services: each a package run as its own process, sharing only `shared`."""
