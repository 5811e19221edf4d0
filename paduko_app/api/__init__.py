"""Plain HTTP routes beside Reflex: uploads received with a size limit, authorised downloads, health."""
