"""Mystery-shopper audits: campaigns, criteria grids, sampling plans, test contacts and results."""
