"""The installable web app: manifest, icons, offline page and service worker (a Reflex plugin)."""
