"""Competition pages: public, entrants, the panel, voters and the QI team."""
