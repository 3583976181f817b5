"""`lastmile bench`: load generators and a report, measured side by side with the raw limit
of the machine they run on."""
