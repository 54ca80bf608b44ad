"""Qt-free core of Nianbao: editions, report data, derived totals, checks and storage."""
