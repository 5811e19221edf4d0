"""Database: engine and units of work, SQLModel tables, migrations, demo data."""
