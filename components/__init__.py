"""Reusable UI building blocks made of native HTML elements (rx.el.*)."""
