"""Recipes for the kitchen: quantities, the parser of pasted recipes, ingredient facts
(densities), and how a structured recipe is shown at its base yield."""
