-- template0 opened for connections: pg_upgrade refuses (template0 must not allow connections).
-- pg_upgrade: refuses
ALTER DATABASE template0 ALLOW_CONNECTIONS true;
