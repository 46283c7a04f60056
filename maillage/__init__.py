"""Maillage: the platform of Franco-Québec decentralized cooperation."""
