"""Pure helpers shared by every module: no Django, no ORM."""
