"""vetting: vendors and their licences, the essentials policy, group buys from proposal to
order sheet, and every household's order lines."""
